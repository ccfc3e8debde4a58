/** The inbox's GraphQL operations: the list, its live events, filters' choices, claim next. */
import { graphql } from '../../gql';

export const ConversationRowFragment = graphql(`
  fragment ConversationRow on Conversation {
    id
    protocol
    status
    priority
    labels
    queuedAt
    firstResponseAt
    lastActivityAt
    createdAt
    unreadCount
    waitingSince
    sla { state next { target dueAt atRiskAt } }
    lastSeq
    contact { id name phone email }
    inbox { id name kind }
    team { id name }
    assignee { id name }
  }
`);

export const ConversationListDocument = graphql(`
  query ConversationList($filter: ConversationFilterInput, $first: Int, $after: String) {
    conversations(filter: $filter, first: $first, after: $after) {
      nodes { ...ConversationRow }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const InboxEventsDocument = graphql(`
  subscription InboxEvents($filter: InboxEventFilter) {
    inboxEvents(filter: $filter) {
      kind
      seq
      at
      conversation { ...ConversationRow }
      message { id content direction private createdAt }
    }
  }
`);

export const InboxFilterChoicesDocument = graphql(`
  query InboxFilterChoices {
    inboxes { id name kind }
    labels { name color }
  }
`);

export const ClaimNextDocument = graphql(`
  mutation ClaimNext($teamId: ID) {
    claimNextConversation(teamId: $teamId) { ...ConversationRow }
  }
`);

export const SearchMessagesDocument = graphql(`
  query SearchMessages($query: String!, $first: Int) {
    searchMessages(query: $query, first: $first) {
      nodes {
        id
        content
        createdAt
        conversation { id protocol contact { name } inbox { kind } }
      }
    }
  }
`);
