/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($login: String!, $password: String!) {\n    login(login: $login, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  fragment Me on User {\n    id\n    name\n    email\n    username\n    role\n    language\n    teams { id name }\n  }\n": typeof types.MeFragmentDoc,
    "\n  query CurrentUser {\n    me { ...Me }\n  }\n": typeof types.CurrentUserDocument,
    "\n  mutation UpdateLanguage($language: Language!) {\n    updateMe(input: { language: $language }) { id language }\n  }\n": typeof types.UpdateLanguageDocument,
    "\n  subscription NotifyEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      conversation { id status contact { name } assignee { id } }\n      message { content direction private }\n    }\n  }\n": typeof types.NotifyEventsDocument,
    "\n  query MyPresence {\n    me { id presence presenceSince }\n  }\n": typeof types.MyPresenceDocument,
    "\n  mutation SetPresence($presence: Presence!) {\n    setPresence(presence: $presence) { id presence presenceSince }\n  }\n": typeof types.SetPresenceDocument,
    "\n  subscription MyPresenceEvents {\n    presenceEvents { userId presence since }\n  }\n": typeof types.MyPresenceEventsDocument,
    "\n  fragment MessageItem on Message {\n    id\n    content\n    direction\n    kind\n    private\n    senderKind\n    createdAt\n    deliveryState\n    clientMessageId\n    attachments { fileName url }\n  }\n": typeof types.MessageItemFragmentDoc,
    "\n  query ConversationDetail($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      ...ConversationRow\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": typeof types.ConversationDetailDocument,
    "\n  query OlderMessages($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  subscription ConversationEvents($id: ID!, $after: Int) {\n    conversationEvents(conversationId: $id, after: $after) {\n      seq\n      kind\n      message { ...MessageItem }\n      conversation { ...ConversationRow }\n    }\n  }\n": typeof types.ConversationEventsDocument,
    "\n  mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {\n    sendMessage(conversationId: $id, content: $content, clientMessageId: $clientMessageId, private: $private) { ...MessageItem }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {\n    setConversationStatus(conversationId: $id, status: $status) { ...ConversationRow }\n  }\n": typeof types.SetConversationStatusDocument,
    "\n  mutation MarkConversationRead($id: ID!) {\n    markConversationRead(conversationId: $id) { id unreadCount }\n  }\n": typeof types.MarkConversationReadDocument,
    "\n  query CannedResponses($search: String) {\n    cannedResponses(search: $search) { id shortcut content }\n  }\n": typeof types.CannedResponsesDocument,
    "\n  query RenderCanned($id: ID!, $conversationId: ID!) {\n    renderCannedResponse(id: $id, conversationId: $conversationId)\n  }\n": typeof types.RenderCannedDocument,
    "\n  query Dashboard($teamId: ID) {\n    dashboard(teamId: $teamId) {\n      since\n      timezone\n      generatedAt\n      team { id name }\n      counts { bot queued open pending snoozed }\n      createdToday\n      resolvedToday\n      queues { team { id name } length longestWaitSeconds averageWaitSeconds }\n      agents { user { id name } presence presenceSince activeConversations }\n      firstResponse { count averageSeconds medianSeconds }\n      resolution { count averageSeconds medianSeconds }\n      satisfaction { count average }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query DashboardTeams {\n    teams { id name }\n  }\n": typeof types.DashboardTeamsDocument,
    "\n  subscription DashboardPresenceEvents($teamId: ID) {\n    presenceEvents(teamId: $teamId) { userId presence since }\n  }\n": typeof types.DashboardPresenceEventsDocument,
    "\n  subscription DashboardInboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) { kind seq }\n  }\n": typeof types.DashboardInboxEventsDocument,
    "\n  fragment ConversationRow on Conversation {\n    id\n    protocol\n    status\n    priority\n    labels\n    queuedAt\n    firstResponseAt\n    lastActivityAt\n    createdAt\n    unreadCount\n    lastSeq\n    contact { id name phone email }\n    inbox { id name kind }\n    team { id name }\n    assignee { id name }\n  }\n": typeof types.ConversationRowFragmentDoc,
    "\n  query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {\n    conversations(filter: $filter, first: $first, after: $after) {\n      nodes { ...ConversationRow }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConversationListDocument,
    "\n  subscription InboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      seq\n      at\n      conversation { ...ConversationRow }\n      message { id content direction private createdAt }\n    }\n  }\n": typeof types.InboxEventsDocument,
    "\n  query InboxFilterChoices {\n    inboxes { id name kind }\n    labels { name color }\n  }\n": typeof types.InboxFilterChoicesDocument,
    "\n  mutation ClaimNext($teamId: ID) {\n    claimNextConversation(teamId: $teamId) { ...ConversationRow }\n  }\n": typeof types.ClaimNextDocument,
    "\n  query SearchMessages($query: String!, $first: Int) {\n    searchMessages(query: $query, first: $first) {\n      nodes {\n        id\n        content\n        createdAt\n        conversation { id protocol contact { name } inbox { kind } }\n      }\n    }\n  }\n": typeof types.SearchMessagesDocument,
};
const documents: Documents = {
    "\n  mutation Login($login: String!, $password: String!) {\n    login(login: $login, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  fragment Me on User {\n    id\n    name\n    email\n    username\n    role\n    language\n    teams { id name }\n  }\n": types.MeFragmentDoc,
    "\n  query CurrentUser {\n    me { ...Me }\n  }\n": types.CurrentUserDocument,
    "\n  mutation UpdateLanguage($language: Language!) {\n    updateMe(input: { language: $language }) { id language }\n  }\n": types.UpdateLanguageDocument,
    "\n  subscription NotifyEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      conversation { id status contact { name } assignee { id } }\n      message { content direction private }\n    }\n  }\n": types.NotifyEventsDocument,
    "\n  query MyPresence {\n    me { id presence presenceSince }\n  }\n": types.MyPresenceDocument,
    "\n  mutation SetPresence($presence: Presence!) {\n    setPresence(presence: $presence) { id presence presenceSince }\n  }\n": types.SetPresenceDocument,
    "\n  subscription MyPresenceEvents {\n    presenceEvents { userId presence since }\n  }\n": types.MyPresenceEventsDocument,
    "\n  fragment MessageItem on Message {\n    id\n    content\n    direction\n    kind\n    private\n    senderKind\n    createdAt\n    deliveryState\n    clientMessageId\n    attachments { fileName url }\n  }\n": types.MessageItemFragmentDoc,
    "\n  query ConversationDetail($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      ...ConversationRow\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": types.ConversationDetailDocument,
    "\n  query OlderMessages($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  subscription ConversationEvents($id: ID!, $after: Int) {\n    conversationEvents(conversationId: $id, after: $after) {\n      seq\n      kind\n      message { ...MessageItem }\n      conversation { ...ConversationRow }\n    }\n  }\n": types.ConversationEventsDocument,
    "\n  mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {\n    sendMessage(conversationId: $id, content: $content, clientMessageId: $clientMessageId, private: $private) { ...MessageItem }\n  }\n": types.SendMessageDocument,
    "\n  mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {\n    setConversationStatus(conversationId: $id, status: $status) { ...ConversationRow }\n  }\n": types.SetConversationStatusDocument,
    "\n  mutation MarkConversationRead($id: ID!) {\n    markConversationRead(conversationId: $id) { id unreadCount }\n  }\n": types.MarkConversationReadDocument,
    "\n  query CannedResponses($search: String) {\n    cannedResponses(search: $search) { id shortcut content }\n  }\n": types.CannedResponsesDocument,
    "\n  query RenderCanned($id: ID!, $conversationId: ID!) {\n    renderCannedResponse(id: $id, conversationId: $conversationId)\n  }\n": types.RenderCannedDocument,
    "\n  query Dashboard($teamId: ID) {\n    dashboard(teamId: $teamId) {\n      since\n      timezone\n      generatedAt\n      team { id name }\n      counts { bot queued open pending snoozed }\n      createdToday\n      resolvedToday\n      queues { team { id name } length longestWaitSeconds averageWaitSeconds }\n      agents { user { id name } presence presenceSince activeConversations }\n      firstResponse { count averageSeconds medianSeconds }\n      resolution { count averageSeconds medianSeconds }\n      satisfaction { count average }\n    }\n  }\n": types.DashboardDocument,
    "\n  query DashboardTeams {\n    teams { id name }\n  }\n": types.DashboardTeamsDocument,
    "\n  subscription DashboardPresenceEvents($teamId: ID) {\n    presenceEvents(teamId: $teamId) { userId presence since }\n  }\n": types.DashboardPresenceEventsDocument,
    "\n  subscription DashboardInboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) { kind seq }\n  }\n": types.DashboardInboxEventsDocument,
    "\n  fragment ConversationRow on Conversation {\n    id\n    protocol\n    status\n    priority\n    labels\n    queuedAt\n    firstResponseAt\n    lastActivityAt\n    createdAt\n    unreadCount\n    lastSeq\n    contact { id name phone email }\n    inbox { id name kind }\n    team { id name }\n    assignee { id name }\n  }\n": types.ConversationRowFragmentDoc,
    "\n  query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {\n    conversations(filter: $filter, first: $first, after: $after) {\n      nodes { ...ConversationRow }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConversationListDocument,
    "\n  subscription InboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      seq\n      at\n      conversation { ...ConversationRow }\n      message { id content direction private createdAt }\n    }\n  }\n": types.InboxEventsDocument,
    "\n  query InboxFilterChoices {\n    inboxes { id name kind }\n    labels { name color }\n  }\n": types.InboxFilterChoicesDocument,
    "\n  mutation ClaimNext($teamId: ID) {\n    claimNextConversation(teamId: $teamId) { ...ConversationRow }\n  }\n": types.ClaimNextDocument,
    "\n  query SearchMessages($query: String!, $first: Int) {\n    searchMessages(query: $query, first: $first) {\n      nodes {\n        id\n        content\n        createdAt\n        conversation { id protocol contact { name } inbox { kind } }\n      }\n    }\n  }\n": types.SearchMessagesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($login: String!, $password: String!) {\n    login(login: $login, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      refreshTokenExpiresAt\n    }\n  }\n"): typeof import('./graphql').RefreshDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Me on User {\n    id\n    name\n    email\n    username\n    role\n    language\n    teams { id name }\n  }\n"): typeof import('./graphql').MeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentUser {\n    me { ...Me }\n  }\n"): typeof import('./graphql').CurrentUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLanguage($language: Language!) {\n    updateMe(input: { language: $language }) { id language }\n  }\n"): typeof import('./graphql').UpdateLanguageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotifyEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      conversation { id status contact { name } assignee { id } }\n      message { content direction private }\n    }\n  }\n"): typeof import('./graphql').NotifyEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPresence {\n    me { id presence presenceSince }\n  }\n"): typeof import('./graphql').MyPresenceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPresence($presence: Presence!) {\n    setPresence(presence: $presence) { id presence presenceSince }\n  }\n"): typeof import('./graphql').SetPresenceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MyPresenceEvents {\n    presenceEvents { userId presence since }\n  }\n"): typeof import('./graphql').MyPresenceEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageItem on Message {\n    id\n    content\n    direction\n    kind\n    private\n    senderKind\n    createdAt\n    deliveryState\n    clientMessageId\n    attachments { fileName url }\n  }\n"): typeof import('./graphql').MessageItemFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationDetail($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      ...ConversationRow\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ConversationDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OlderMessages($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').OlderMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversationEvents($id: ID!, $after: Int) {\n    conversationEvents(conversationId: $id, after: $after) {\n      seq\n      kind\n      message { ...MessageItem }\n      conversation { ...ConversationRow }\n    }\n  }\n"): typeof import('./graphql').ConversationEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {\n    sendMessage(conversationId: $id, content: $content, clientMessageId: $clientMessageId, private: $private) { ...MessageItem }\n  }\n"): typeof import('./graphql').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {\n    setConversationStatus(conversationId: $id, status: $status) { ...ConversationRow }\n  }\n"): typeof import('./graphql').SetConversationStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkConversationRead($id: ID!) {\n    markConversationRead(conversationId: $id) { id unreadCount }\n  }\n"): typeof import('./graphql').MarkConversationReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CannedResponses($search: String) {\n    cannedResponses(search: $search) { id shortcut content }\n  }\n"): typeof import('./graphql').CannedResponsesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RenderCanned($id: ID!, $conversationId: ID!) {\n    renderCannedResponse(id: $id, conversationId: $conversationId)\n  }\n"): typeof import('./graphql').RenderCannedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($teamId: ID) {\n    dashboard(teamId: $teamId) {\n      since\n      timezone\n      generatedAt\n      team { id name }\n      counts { bot queued open pending snoozed }\n      createdToday\n      resolvedToday\n      queues { team { id name } length longestWaitSeconds averageWaitSeconds }\n      agents { user { id name } presence presenceSince activeConversations }\n      firstResponse { count averageSeconds medianSeconds }\n      resolution { count averageSeconds medianSeconds }\n      satisfaction { count average }\n    }\n  }\n"): typeof import('./graphql').DashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardTeams {\n    teams { id name }\n  }\n"): typeof import('./graphql').DashboardTeamsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardPresenceEvents($teamId: ID) {\n    presenceEvents(teamId: $teamId) { userId presence since }\n  }\n"): typeof import('./graphql').DashboardPresenceEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardInboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) { kind seq }\n  }\n"): typeof import('./graphql').DashboardInboxEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationRow on Conversation {\n    id\n    protocol\n    status\n    priority\n    labels\n    queuedAt\n    firstResponseAt\n    lastActivityAt\n    createdAt\n    unreadCount\n    lastSeq\n    contact { id name phone email }\n    inbox { id name kind }\n    team { id name }\n    assignee { id name }\n  }\n"): typeof import('./graphql').ConversationRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {\n    conversations(filter: $filter, first: $first, after: $after) {\n      nodes { ...ConversationRow }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ConversationListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      seq\n      at\n      conversation { ...ConversationRow }\n      message { id content direction private createdAt }\n    }\n  }\n"): typeof import('./graphql').InboxEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxFilterChoices {\n    inboxes { id name kind }\n    labels { name color }\n  }\n"): typeof import('./graphql').InboxFilterChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClaimNext($teamId: ID) {\n    claimNextConversation(teamId: $teamId) { ...ConversationRow }\n  }\n"): typeof import('./graphql').ClaimNextDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMessages($query: String!, $first: Int) {\n    searchMessages(query: $query, first: $first) {\n      nodes {\n        id\n        content\n        createdAt\n        conversation { id protocol contact { name } inbox { kind } }\n      }\n    }\n  }\n"): typeof import('./graphql').SearchMessagesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
