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
    "\n  fragment Me on User {\n    id\n    name\n    email\n    username\n    role\n    language\n    teams { id name }\n  }\n": typeof types.MeFragmentDoc,
    "\n  query CurrentUser {\n    me { ...Me }\n  }\n": typeof types.CurrentUserDocument,
    "\n  mutation UpdateLanguage($language: Language!) {\n    updateMe(input: { language: $language }) { id language }\n  }\n": typeof types.UpdateLanguageDocument,
    "\n  subscription NotifyEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      conversation { id status contact { name } assignee { id } }\n      message { content direction private }\n    }\n  }\n": typeof types.NotifyEventsDocument,
    "\n  query MyPresence {\n    me { id presence presenceSince }\n  }\n": typeof types.MyPresenceDocument,
    "\n  mutation SetPresence($presence: Presence!) {\n    setPresence(presence: $presence) { id presence presenceSince }\n  }\n": typeof types.SetPresenceDocument,
    "\n  subscription MyPresenceEvents {\n    presenceEvents { userId presence since }\n  }\n": typeof types.MyPresenceEventsDocument,
    "\n  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      nodes { id name email username role status teams { id name } }\n      pageInfo { hasNextPage endCursor }\n    }\n    teams { id name }\n  }\n": typeof types.AdminUsersDocument,
    "\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id name username }\n  }\n": typeof types.AdminCreateUserDocument,
    "\n  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id role status }\n  }\n": typeof types.AdminUpdateUserDocument,
    "\n  mutation AdminAddTeamMember($teamId: ID!, $userId: ID!) {\n    addTeamMember(teamId: $teamId, userId: $userId) { id members { id } }\n  }\n": typeof types.AdminAddTeamMemberDocument,
    "\n  mutation AdminRemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId) { id members { id } }\n  }\n": typeof types.AdminRemoveTeamMemberDocument,
    "\n  query AdminTeams {\n    teams { id name description members { id name username status } }\n    users(first: 100, filter: { status: ACTIVE }) { nodes { id name username } }\n  }\n": typeof types.AdminTeamsDocument,
    "\n  mutation AdminCreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) { id name }\n  }\n": typeof types.AdminCreateTeamDocument,
    "\n  mutation AdminUpdateTeam($id: ID!, $input: UpdateTeamInput!) {\n    updateTeam(id: $id, input: $input) { id name description }\n  }\n": typeof types.AdminUpdateTeamDocument,
    "\n  mutation AdminDeleteTeam($id: ID!) {\n    deleteTeam(id: $id)\n  }\n": typeof types.AdminDeleteTeamDocument,
    "\n  fragment AdminInboxFields on Inbox {\n    id\n    name\n    kind\n    team { id name }\n    webhookUrl\n    webhookSecret\n    pluginId\n    botPluginId\n    routerPluginId\n    widget { color position allowedOrigins csatEnabled }\n    widgetIdentitySecret\n    widgetSnippet\n  }\n": typeof types.AdminInboxFieldsFragmentDoc,
    "\n  query AdminInboxes {\n    inboxes { ...AdminInboxFields }\n    teams { id name }\n    plugins { id name kind enabled }\n  }\n": typeof types.AdminInboxesDocument,
    "\n  mutation AdminCreateInbox($input: CreateInboxInput!) {\n    createInbox(input: $input) { ...AdminInboxFields }\n  }\n": typeof types.AdminCreateInboxDocument,
    "\n  mutation AdminUpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) { ...AdminInboxFields }\n  }\n": typeof types.AdminUpdateInboxDocument,
    "\n  mutation AdminRotateWidgetSecret($inboxId: ID!) {\n    rotateWidgetSecret(inboxId: $inboxId)\n  }\n": typeof types.AdminRotateWidgetSecretDocument,
    "\n  mutation AdminRotateWebhookSecret($id: ID!) {\n    rotateInboxWebhookSecret(id: $id) { ...AdminInboxFields }\n  }\n": typeof types.AdminRotateWebhookSecretDocument,
    "\n  fragment AdminPluginFields on Plugin {\n    id\n    name\n    description\n    version\n    kind\n    witVersion\n    enabled\n    disabledReason\n    source\n    capabilities { httpHosts kv secrets { name reveal description } }\n    settings { key type label description default choices min max required value }\n    secrets { name isSet }\n    recentErrors(limit: 10) { at reason message }\n    metrics { calls failures meanDurationMs maxDurationMs }\n  }\n": typeof types.AdminPluginFieldsFragmentDoc,
    "\n  query AdminPlugins {\n    plugins { ...AdminPluginFields }\n  }\n": typeof types.AdminPluginsDocument,
    "\n  mutation AdminEnablePlugin($id: ID!) {\n    enablePlugin(id: $id) { ...AdminPluginFields }\n  }\n": typeof types.AdminEnablePluginDocument,
    "\n  mutation AdminDisablePlugin($id: ID!) {\n    disablePlugin(id: $id) { ...AdminPluginFields }\n  }\n": typeof types.AdminDisablePluginDocument,
    "\n  mutation AdminConfigurePlugin($id: ID!, $input: ConfigurePluginInput!) {\n    configurePlugin(id: $id, input: $input) { ...AdminPluginFields }\n  }\n": typeof types.AdminConfigurePluginDocument,
    "\n  mutation AdminUninstallPlugin($id: ID!) {\n    uninstallPlugin(id: $id)\n  }\n": typeof types.AdminUninstallPluginDocument,
    "\n  query AdminCanned($search: String) {\n    cannedResponses(search: $search) { id shortcut content scope team { id name } owner { id name } }\n    teams { id name }\n  }\n": typeof types.AdminCannedDocument,
    "\n  mutation AdminCreateCanned($input: CreateCannedResponseInput!) {\n    createCannedResponse(input: $input) { id }\n  }\n": typeof types.AdminCreateCannedDocument,
    "\n  mutation AdminUpdateCanned($id: ID!, $input: UpdateCannedResponseInput!) {\n    updateCannedResponse(id: $id, input: $input) { id }\n  }\n": typeof types.AdminUpdateCannedDocument,
    "\n  mutation AdminDeleteCanned($id: ID!) {\n    deleteCannedResponse(id: $id)\n  }\n": typeof types.AdminDeleteCannedDocument,
    "\n  query AdminAuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes { id at actorKind actorLabel action targetType targetId ip details }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AdminAuditLogDocument,
    "\n  fragment MessageItem on Message {\n    id\n    content\n    direction\n    kind\n    private\n    senderKind\n    createdAt\n    deliveryState\n    deliveryError\n    deliveryFailure\n    clientMessageId\n    attachments { fileName url contentType }\n    attributes {\n      location { latitude longitude name address }\n      reaction { emoji }\n      template { name language }\n      contacts { name }\n      unsupportedType\n      missingFile { reason fileName detail }\n    }\n  }\n": typeof types.MessageItemFragmentDoc,
    "\n  query ConversationDetail($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      ...ConversationRow\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": typeof types.ConversationDetailDocument,
    "\n  query OlderMessages($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  subscription ConversationEvents($id: ID!, $after: Int) {\n    conversationEvents(conversationId: $id, after: $after) {\n      seq\n      kind\n      actorKind\n      typing\n      note\n      team { name }\n      message { ...MessageItem }\n      conversation { ...ConversationRow }\n    }\n  }\n": typeof types.ConversationEventsDocument,
    "\n  mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {\n    sendMessage(conversationId: $id, content: $content, clientMessageId: $clientMessageId, private: $private) { ...MessageItem }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {\n    setConversationStatus(conversationId: $id, status: $status) { ...ConversationRow }\n  }\n": typeof types.SetConversationStatusDocument,
    "\n  mutation MarkConversationRead($id: ID!) {\n    markConversationRead(conversationId: $id) { id unreadCount }\n  }\n": typeof types.MarkConversationReadDocument,
    "\n  query CannedResponses($search: String) {\n    cannedResponses(search: $search) { id shortcut content }\n  }\n": typeof types.CannedResponsesDocument,
    "\n  query RenderCanned($id: ID!, $conversationId: ID!) {\n    renderCannedResponse(id: $id, conversationId: $conversationId)\n  }\n": typeof types.RenderCannedDocument,
    "\n  mutation AssignConversation($id: ID!, $agentId: ID) {\n    assignConversation(conversationId: $id, agentId: $agentId) { ...ConversationRow }\n  }\n": typeof types.AssignConversationDocument,
    "\n  mutation TransferConversation($id: ID!, $toAgentId: ID, $toTeamId: ID, $note: String) {\n    transferConversation(conversationId: $id, toAgentId: $toAgentId, toTeamId: $toTeamId, note: $note) { ...ConversationRow }\n  }\n": typeof types.TransferConversationDocument,
    "\n  mutation SnoozeConversation($id: ID!, $until: DateTime!) {\n    setConversationStatus(conversationId: $id, status: SNOOZED, snoozedUntil: $until) { ...ConversationRow }\n  }\n": typeof types.SnoozeConversationDocument,
    "\n  mutation ReopenConversation($id: ID!) {\n    reopenConversation(conversationId: $id) { ...ConversationRow }\n  }\n": typeof types.ReopenConversationDocument,
    "\n  mutation SetConversationPriority($id: ID!, $priority: ConversationPriority!) {\n    setConversationPriority(conversationId: $id, priority: $priority) { ...ConversationRow }\n  }\n": typeof types.SetConversationPriorityDocument,
    "\n  mutation SetConversationLabels($id: ID!, $labels: [String!]!) {\n    setConversationLabels(conversationId: $id, labels: $labels) { ...ConversationRow }\n  }\n": typeof types.SetConversationLabelsDocument,
    "\n  query LabelCatalogue {\n    labels { name color description }\n  }\n": typeof types.LabelCatalogueDocument,
    "\n  query TransferTargets {\n    teams { id name }\n  }\n": typeof types.TransferTargetsDocument,
    "\n  query TransferAgents {\n    users(filter: { status: ACTIVE }, first: 100) { nodes { id name role } }\n  }\n": typeof types.TransferAgentsDocument,
    "\n  query ContactPanel($contactId: ID!) {\n    contact(id: $contactId) { id name phone email document documentFormatted customAttributes }\n    conversations(filter: { contactId: $contactId }, first: 10) {\n      nodes { id protocol status createdAt }\n    }\n  }\n": typeof types.ContactPanelDocument,
    "\n  query Dashboard($teamId: ID) {\n    dashboard(teamId: $teamId) {\n      since\n      timezone\n      generatedAt\n      team { id name }\n      counts { bot queued open pending snoozed }\n      createdToday\n      resolvedToday\n      queues { team { id name } length longestWaitSeconds averageWaitSeconds }\n      agents { user { id name } presence presenceSince activeConversations }\n      firstResponse { count averageSeconds medianSeconds }\n      resolution { count averageSeconds medianSeconds }\n      satisfaction { count average }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query DashboardTeams {\n    teams { id name }\n  }\n": typeof types.DashboardTeamsDocument,
    "\n  subscription DashboardPresenceEvents($teamId: ID) {\n    presenceEvents(teamId: $teamId) { userId presence since }\n  }\n": typeof types.DashboardPresenceEventsDocument,
    "\n  subscription DashboardInboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) { kind seq }\n  }\n": typeof types.DashboardInboxEventsDocument,
    "\n  fragment ConversationRow on Conversation {\n    id\n    protocol\n    status\n    priority\n    labels\n    queuedAt\n    firstResponseAt\n    lastActivityAt\n    createdAt\n    unreadCount\n    waitingSince\n    sla { state next { target dueAt atRiskAt } }\n    lastSeq\n    contact { id name phone email }\n    inbox { id name kind }\n    team { id name }\n    assignee { id name }\n  }\n": typeof types.ConversationRowFragmentDoc,
    "\n  query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {\n    conversations(filter: $filter, first: $first, after: $after) {\n      nodes { ...ConversationRow }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConversationListDocument,
    "\n  subscription InboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      seq\n      at\n      conversation { ...ConversationRow }\n      message { id content direction private createdAt }\n    }\n  }\n": typeof types.InboxEventsDocument,
    "\n  query InboxFilterChoices {\n    inboxes { id name kind }\n    labels { name color }\n  }\n": typeof types.InboxFilterChoicesDocument,
    "\n  mutation ClaimNext($teamId: ID) {\n    claimNextConversation(teamId: $teamId) { ...ConversationRow }\n  }\n": typeof types.ClaimNextDocument,
    "\n  query SearchMessages($query: String!, $first: Int) {\n    searchMessages(query: $query, first: $first) {\n      nodes {\n        id\n        content\n        createdAt\n        conversation { id protocol contact { name } inbox { kind } }\n      }\n    }\n  }\n": typeof types.SearchMessagesDocument,
};
const documents: Documents = {
    "\n  fragment Me on User {\n    id\n    name\n    email\n    username\n    role\n    language\n    teams { id name }\n  }\n": types.MeFragmentDoc,
    "\n  query CurrentUser {\n    me { ...Me }\n  }\n": types.CurrentUserDocument,
    "\n  mutation UpdateLanguage($language: Language!) {\n    updateMe(input: { language: $language }) { id language }\n  }\n": types.UpdateLanguageDocument,
    "\n  subscription NotifyEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      conversation { id status contact { name } assignee { id } }\n      message { content direction private }\n    }\n  }\n": types.NotifyEventsDocument,
    "\n  query MyPresence {\n    me { id presence presenceSince }\n  }\n": types.MyPresenceDocument,
    "\n  mutation SetPresence($presence: Presence!) {\n    setPresence(presence: $presence) { id presence presenceSince }\n  }\n": types.SetPresenceDocument,
    "\n  subscription MyPresenceEvents {\n    presenceEvents { userId presence since }\n  }\n": types.MyPresenceEventsDocument,
    "\n  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      nodes { id name email username role status teams { id name } }\n      pageInfo { hasNextPage endCursor }\n    }\n    teams { id name }\n  }\n": types.AdminUsersDocument,
    "\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id name username }\n  }\n": types.AdminCreateUserDocument,
    "\n  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id role status }\n  }\n": types.AdminUpdateUserDocument,
    "\n  mutation AdminAddTeamMember($teamId: ID!, $userId: ID!) {\n    addTeamMember(teamId: $teamId, userId: $userId) { id members { id } }\n  }\n": types.AdminAddTeamMemberDocument,
    "\n  mutation AdminRemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId) { id members { id } }\n  }\n": types.AdminRemoveTeamMemberDocument,
    "\n  query AdminTeams {\n    teams { id name description members { id name username status } }\n    users(first: 100, filter: { status: ACTIVE }) { nodes { id name username } }\n  }\n": types.AdminTeamsDocument,
    "\n  mutation AdminCreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) { id name }\n  }\n": types.AdminCreateTeamDocument,
    "\n  mutation AdminUpdateTeam($id: ID!, $input: UpdateTeamInput!) {\n    updateTeam(id: $id, input: $input) { id name description }\n  }\n": types.AdminUpdateTeamDocument,
    "\n  mutation AdminDeleteTeam($id: ID!) {\n    deleteTeam(id: $id)\n  }\n": types.AdminDeleteTeamDocument,
    "\n  fragment AdminInboxFields on Inbox {\n    id\n    name\n    kind\n    team { id name }\n    webhookUrl\n    webhookSecret\n    pluginId\n    botPluginId\n    routerPluginId\n    widget { color position allowedOrigins csatEnabled }\n    widgetIdentitySecret\n    widgetSnippet\n  }\n": types.AdminInboxFieldsFragmentDoc,
    "\n  query AdminInboxes {\n    inboxes { ...AdminInboxFields }\n    teams { id name }\n    plugins { id name kind enabled }\n  }\n": types.AdminInboxesDocument,
    "\n  mutation AdminCreateInbox($input: CreateInboxInput!) {\n    createInbox(input: $input) { ...AdminInboxFields }\n  }\n": types.AdminCreateInboxDocument,
    "\n  mutation AdminUpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) { ...AdminInboxFields }\n  }\n": types.AdminUpdateInboxDocument,
    "\n  mutation AdminRotateWidgetSecret($inboxId: ID!) {\n    rotateWidgetSecret(inboxId: $inboxId)\n  }\n": types.AdminRotateWidgetSecretDocument,
    "\n  mutation AdminRotateWebhookSecret($id: ID!) {\n    rotateInboxWebhookSecret(id: $id) { ...AdminInboxFields }\n  }\n": types.AdminRotateWebhookSecretDocument,
    "\n  fragment AdminPluginFields on Plugin {\n    id\n    name\n    description\n    version\n    kind\n    witVersion\n    enabled\n    disabledReason\n    source\n    capabilities { httpHosts kv secrets { name reveal description } }\n    settings { key type label description default choices min max required value }\n    secrets { name isSet }\n    recentErrors(limit: 10) { at reason message }\n    metrics { calls failures meanDurationMs maxDurationMs }\n  }\n": types.AdminPluginFieldsFragmentDoc,
    "\n  query AdminPlugins {\n    plugins { ...AdminPluginFields }\n  }\n": types.AdminPluginsDocument,
    "\n  mutation AdminEnablePlugin($id: ID!) {\n    enablePlugin(id: $id) { ...AdminPluginFields }\n  }\n": types.AdminEnablePluginDocument,
    "\n  mutation AdminDisablePlugin($id: ID!) {\n    disablePlugin(id: $id) { ...AdminPluginFields }\n  }\n": types.AdminDisablePluginDocument,
    "\n  mutation AdminConfigurePlugin($id: ID!, $input: ConfigurePluginInput!) {\n    configurePlugin(id: $id, input: $input) { ...AdminPluginFields }\n  }\n": types.AdminConfigurePluginDocument,
    "\n  mutation AdminUninstallPlugin($id: ID!) {\n    uninstallPlugin(id: $id)\n  }\n": types.AdminUninstallPluginDocument,
    "\n  query AdminCanned($search: String) {\n    cannedResponses(search: $search) { id shortcut content scope team { id name } owner { id name } }\n    teams { id name }\n  }\n": types.AdminCannedDocument,
    "\n  mutation AdminCreateCanned($input: CreateCannedResponseInput!) {\n    createCannedResponse(input: $input) { id }\n  }\n": types.AdminCreateCannedDocument,
    "\n  mutation AdminUpdateCanned($id: ID!, $input: UpdateCannedResponseInput!) {\n    updateCannedResponse(id: $id, input: $input) { id }\n  }\n": types.AdminUpdateCannedDocument,
    "\n  mutation AdminDeleteCanned($id: ID!) {\n    deleteCannedResponse(id: $id)\n  }\n": types.AdminDeleteCannedDocument,
    "\n  query AdminAuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes { id at actorKind actorLabel action targetType targetId ip details }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AdminAuditLogDocument,
    "\n  fragment MessageItem on Message {\n    id\n    content\n    direction\n    kind\n    private\n    senderKind\n    createdAt\n    deliveryState\n    deliveryError\n    deliveryFailure\n    clientMessageId\n    attachments { fileName url contentType }\n    attributes {\n      location { latitude longitude name address }\n      reaction { emoji }\n      template { name language }\n      contacts { name }\n      unsupportedType\n      missingFile { reason fileName detail }\n    }\n  }\n": types.MessageItemFragmentDoc,
    "\n  query ConversationDetail($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      ...ConversationRow\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": types.ConversationDetailDocument,
    "\n  query OlderMessages($id: ID!, $last: Int, $before: String) {\n    conversation(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        nodes { ...MessageItem }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  subscription ConversationEvents($id: ID!, $after: Int) {\n    conversationEvents(conversationId: $id, after: $after) {\n      seq\n      kind\n      actorKind\n      typing\n      note\n      team { name }\n      message { ...MessageItem }\n      conversation { ...ConversationRow }\n    }\n  }\n": types.ConversationEventsDocument,
    "\n  mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {\n    sendMessage(conversationId: $id, content: $content, clientMessageId: $clientMessageId, private: $private) { ...MessageItem }\n  }\n": types.SendMessageDocument,
    "\n  mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {\n    setConversationStatus(conversationId: $id, status: $status) { ...ConversationRow }\n  }\n": types.SetConversationStatusDocument,
    "\n  mutation MarkConversationRead($id: ID!) {\n    markConversationRead(conversationId: $id) { id unreadCount }\n  }\n": types.MarkConversationReadDocument,
    "\n  query CannedResponses($search: String) {\n    cannedResponses(search: $search) { id shortcut content }\n  }\n": types.CannedResponsesDocument,
    "\n  query RenderCanned($id: ID!, $conversationId: ID!) {\n    renderCannedResponse(id: $id, conversationId: $conversationId)\n  }\n": types.RenderCannedDocument,
    "\n  mutation AssignConversation($id: ID!, $agentId: ID) {\n    assignConversation(conversationId: $id, agentId: $agentId) { ...ConversationRow }\n  }\n": types.AssignConversationDocument,
    "\n  mutation TransferConversation($id: ID!, $toAgentId: ID, $toTeamId: ID, $note: String) {\n    transferConversation(conversationId: $id, toAgentId: $toAgentId, toTeamId: $toTeamId, note: $note) { ...ConversationRow }\n  }\n": types.TransferConversationDocument,
    "\n  mutation SnoozeConversation($id: ID!, $until: DateTime!) {\n    setConversationStatus(conversationId: $id, status: SNOOZED, snoozedUntil: $until) { ...ConversationRow }\n  }\n": types.SnoozeConversationDocument,
    "\n  mutation ReopenConversation($id: ID!) {\n    reopenConversation(conversationId: $id) { ...ConversationRow }\n  }\n": types.ReopenConversationDocument,
    "\n  mutation SetConversationPriority($id: ID!, $priority: ConversationPriority!) {\n    setConversationPriority(conversationId: $id, priority: $priority) { ...ConversationRow }\n  }\n": types.SetConversationPriorityDocument,
    "\n  mutation SetConversationLabels($id: ID!, $labels: [String!]!) {\n    setConversationLabels(conversationId: $id, labels: $labels) { ...ConversationRow }\n  }\n": types.SetConversationLabelsDocument,
    "\n  query LabelCatalogue {\n    labels { name color description }\n  }\n": types.LabelCatalogueDocument,
    "\n  query TransferTargets {\n    teams { id name }\n  }\n": types.TransferTargetsDocument,
    "\n  query TransferAgents {\n    users(filter: { status: ACTIVE }, first: 100) { nodes { id name role } }\n  }\n": types.TransferAgentsDocument,
    "\n  query ContactPanel($contactId: ID!) {\n    contact(id: $contactId) { id name phone email document documentFormatted customAttributes }\n    conversations(filter: { contactId: $contactId }, first: 10) {\n      nodes { id protocol status createdAt }\n    }\n  }\n": types.ContactPanelDocument,
    "\n  query Dashboard($teamId: ID) {\n    dashboard(teamId: $teamId) {\n      since\n      timezone\n      generatedAt\n      team { id name }\n      counts { bot queued open pending snoozed }\n      createdToday\n      resolvedToday\n      queues { team { id name } length longestWaitSeconds averageWaitSeconds }\n      agents { user { id name } presence presenceSince activeConversations }\n      firstResponse { count averageSeconds medianSeconds }\n      resolution { count averageSeconds medianSeconds }\n      satisfaction { count average }\n    }\n  }\n": types.DashboardDocument,
    "\n  query DashboardTeams {\n    teams { id name }\n  }\n": types.DashboardTeamsDocument,
    "\n  subscription DashboardPresenceEvents($teamId: ID) {\n    presenceEvents(teamId: $teamId) { userId presence since }\n  }\n": types.DashboardPresenceEventsDocument,
    "\n  subscription DashboardInboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) { kind seq }\n  }\n": types.DashboardInboxEventsDocument,
    "\n  fragment ConversationRow on Conversation {\n    id\n    protocol\n    status\n    priority\n    labels\n    queuedAt\n    firstResponseAt\n    lastActivityAt\n    createdAt\n    unreadCount\n    waitingSince\n    sla { state next { target dueAt atRiskAt } }\n    lastSeq\n    contact { id name phone email }\n    inbox { id name kind }\n    team { id name }\n    assignee { id name }\n  }\n": types.ConversationRowFragmentDoc,
    "\n  query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {\n    conversations(filter: $filter, first: $first, after: $after) {\n      nodes { ...ConversationRow }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConversationListDocument,
    "\n  subscription InboxEvents($filter: InboxEventFilter) {\n    inboxEvents(filter: $filter) {\n      kind\n      seq\n      at\n      conversation { ...ConversationRow }\n      message { id content direction private createdAt }\n    }\n  }\n": types.InboxEventsDocument,
    "\n  query InboxFilterChoices {\n    inboxes { id name kind }\n    labels { name color }\n  }\n": types.InboxFilterChoicesDocument,
    "\n  mutation ClaimNext($teamId: ID) {\n    claimNextConversation(teamId: $teamId) { ...ConversationRow }\n  }\n": types.ClaimNextDocument,
    "\n  query SearchMessages($query: String!, $first: Int) {\n    searchMessages(query: $query, first: $first) {\n      nodes {\n        id\n        content\n        createdAt\n        conversation { id protocol contact { name } inbox { kind } }\n      }\n    }\n  }\n": types.SearchMessagesDocument,
};

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
export function graphql(source: "\n  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {\n    users(filter: $filter, first: $first, after: $after) {\n      nodes { id name email username role status teams { id name } }\n      pageInfo { hasNextPage endCursor }\n    }\n    teams { id name }\n  }\n"): typeof import('./graphql').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id name username }\n  }\n"): typeof import('./graphql').AdminCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id role status }\n  }\n"): typeof import('./graphql').AdminUpdateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminAddTeamMember($teamId: ID!, $userId: ID!) {\n    addTeamMember(teamId: $teamId, userId: $userId) { id members { id } }\n  }\n"): typeof import('./graphql').AdminAddTeamMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRemoveTeamMember($teamId: ID!, $userId: ID!) {\n    removeTeamMember(teamId: $teamId, userId: $userId) { id members { id } }\n  }\n"): typeof import('./graphql').AdminRemoveTeamMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminTeams {\n    teams { id name description members { id name username status } }\n    users(first: 100, filter: { status: ACTIVE }) { nodes { id name username } }\n  }\n"): typeof import('./graphql').AdminTeamsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) { id name }\n  }\n"): typeof import('./graphql').AdminCreateTeamDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateTeam($id: ID!, $input: UpdateTeamInput!) {\n    updateTeam(id: $id, input: $input) { id name description }\n  }\n"): typeof import('./graphql').AdminUpdateTeamDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteTeam($id: ID!) {\n    deleteTeam(id: $id)\n  }\n"): typeof import('./graphql').AdminDeleteTeamDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminInboxFields on Inbox {\n    id\n    name\n    kind\n    team { id name }\n    webhookUrl\n    webhookSecret\n    pluginId\n    botPluginId\n    routerPluginId\n    widget { color position allowedOrigins csatEnabled }\n    widgetIdentitySecret\n    widgetSnippet\n  }\n"): typeof import('./graphql').AdminInboxFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminInboxes {\n    inboxes { ...AdminInboxFields }\n    teams { id name }\n    plugins { id name kind enabled }\n  }\n"): typeof import('./graphql').AdminInboxesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateInbox($input: CreateInboxInput!) {\n    createInbox(input: $input) { ...AdminInboxFields }\n  }\n"): typeof import('./graphql').AdminCreateInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateInbox($id: ID!, $input: UpdateInboxInput!) {\n    updateInbox(id: $id, input: $input) { ...AdminInboxFields }\n  }\n"): typeof import('./graphql').AdminUpdateInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRotateWidgetSecret($inboxId: ID!) {\n    rotateWidgetSecret(inboxId: $inboxId)\n  }\n"): typeof import('./graphql').AdminRotateWidgetSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRotateWebhookSecret($id: ID!) {\n    rotateInboxWebhookSecret(id: $id) { ...AdminInboxFields }\n  }\n"): typeof import('./graphql').AdminRotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminPluginFields on Plugin {\n    id\n    name\n    description\n    version\n    kind\n    witVersion\n    enabled\n    disabledReason\n    source\n    capabilities { httpHosts kv secrets { name reveal description } }\n    settings { key type label description default choices min max required value }\n    secrets { name isSet }\n    recentErrors(limit: 10) { at reason message }\n    metrics { calls failures meanDurationMs maxDurationMs }\n  }\n"): typeof import('./graphql').AdminPluginFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPlugins {\n    plugins { ...AdminPluginFields }\n  }\n"): typeof import('./graphql').AdminPluginsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminEnablePlugin($id: ID!) {\n    enablePlugin(id: $id) { ...AdminPluginFields }\n  }\n"): typeof import('./graphql').AdminEnablePluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDisablePlugin($id: ID!) {\n    disablePlugin(id: $id) { ...AdminPluginFields }\n  }\n"): typeof import('./graphql').AdminDisablePluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminConfigurePlugin($id: ID!, $input: ConfigurePluginInput!) {\n    configurePlugin(id: $id, input: $input) { ...AdminPluginFields }\n  }\n"): typeof import('./graphql').AdminConfigurePluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUninstallPlugin($id: ID!) {\n    uninstallPlugin(id: $id)\n  }\n"): typeof import('./graphql').AdminUninstallPluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCanned($search: String) {\n    cannedResponses(search: $search) { id shortcut content scope team { id name } owner { id name } }\n    teams { id name }\n  }\n"): typeof import('./graphql').AdminCannedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateCanned($input: CreateCannedResponseInput!) {\n    createCannedResponse(input: $input) { id }\n  }\n"): typeof import('./graphql').AdminCreateCannedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateCanned($id: ID!, $input: UpdateCannedResponseInput!) {\n    updateCannedResponse(id: $id, input: $input) { id }\n  }\n"): typeof import('./graphql').AdminUpdateCannedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteCanned($id: ID!) {\n    deleteCannedResponse(id: $id)\n  }\n"): typeof import('./graphql').AdminDeleteCannedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      nodes { id at actorKind actorLabel action targetType targetId ip details }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').AdminAuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageItem on Message {\n    id\n    content\n    direction\n    kind\n    private\n    senderKind\n    createdAt\n    deliveryState\n    deliveryError\n    deliveryFailure\n    clientMessageId\n    attachments { fileName url contentType }\n    attributes {\n      location { latitude longitude name address }\n      reaction { emoji }\n      template { name language }\n      contacts { name }\n      unsupportedType\n      missingFile { reason fileName detail }\n    }\n  }\n"): typeof import('./graphql').MessageItemFragmentDoc;
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
export function graphql(source: "\n  subscription ConversationEvents($id: ID!, $after: Int) {\n    conversationEvents(conversationId: $id, after: $after) {\n      seq\n      kind\n      actorKind\n      typing\n      note\n      team { name }\n      message { ...MessageItem }\n      conversation { ...ConversationRow }\n    }\n  }\n"): typeof import('./graphql').ConversationEventsDocument;
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
export function graphql(source: "\n  mutation AssignConversation($id: ID!, $agentId: ID) {\n    assignConversation(conversationId: $id, agentId: $agentId) { ...ConversationRow }\n  }\n"): typeof import('./graphql').AssignConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferConversation($id: ID!, $toAgentId: ID, $toTeamId: ID, $note: String) {\n    transferConversation(conversationId: $id, toAgentId: $toAgentId, toTeamId: $toTeamId, note: $note) { ...ConversationRow }\n  }\n"): typeof import('./graphql').TransferConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SnoozeConversation($id: ID!, $until: DateTime!) {\n    setConversationStatus(conversationId: $id, status: SNOOZED, snoozedUntil: $until) { ...ConversationRow }\n  }\n"): typeof import('./graphql').SnoozeConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenConversation($id: ID!) {\n    reopenConversation(conversationId: $id) { ...ConversationRow }\n  }\n"): typeof import('./graphql').ReopenConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetConversationPriority($id: ID!, $priority: ConversationPriority!) {\n    setConversationPriority(conversationId: $id, priority: $priority) { ...ConversationRow }\n  }\n"): typeof import('./graphql').SetConversationPriorityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetConversationLabels($id: ID!, $labels: [String!]!) {\n    setConversationLabels(conversationId: $id, labels: $labels) { ...ConversationRow }\n  }\n"): typeof import('./graphql').SetConversationLabelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LabelCatalogue {\n    labels { name color description }\n  }\n"): typeof import('./graphql').LabelCatalogueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TransferTargets {\n    teams { id name }\n  }\n"): typeof import('./graphql').TransferTargetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TransferAgents {\n    users(filter: { status: ACTIVE }, first: 100) { nodes { id name role } }\n  }\n"): typeof import('./graphql').TransferAgentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactPanel($contactId: ID!) {\n    contact(id: $contactId) { id name phone email document documentFormatted customAttributes }\n    conversations(filter: { contactId: $contactId }, first: 10) {\n      nodes { id protocol status createdAt }\n    }\n  }\n"): typeof import('./graphql').ContactPanelDocument;
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
export function graphql(source: "\n  fragment ConversationRow on Conversation {\n    id\n    protocol\n    status\n    priority\n    labels\n    queuedAt\n    firstResponseAt\n    lastActivityAt\n    createdAt\n    unreadCount\n    waitingSince\n    sla { state next { target dueAt atRiskAt } }\n    lastSeq\n    contact { id name phone email }\n    inbox { id name kind }\n    team { id name }\n    assignee { id name }\n  }\n"): typeof import('./graphql').ConversationRowFragmentDoc;
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
