/** The conversation view's operations: history, live events, replies and notes, resolve. */
import { graphql } from '../../gql';

export const MessageItemFragment = graphql(`
  fragment MessageItem on Message {
    id
    content
    direction
    kind
    private
    senderKind
    createdAt
    deliveryState
    deliveryError
    deliveryFailure
    clientMessageId
    attachments { fileName url contentType }
    attributes {
      location { latitude longitude name address }
      reaction { emoji }
      template { name language }
      contacts { name }
      unsupportedType
      missingFile { reason fileName detail }
    }
  }
`);

export const ConversationDetailDocument = graphql(`
  query ConversationDetail($id: ID!, $last: Int, $before: String) {
    conversation(id: $id) {
      ...ConversationRow
      messages(last: $last, before: $before) {
        nodes { ...MessageItem }
        pageInfo { hasPreviousPage startCursor }
      }
    }
  }
`);

export const OlderMessagesDocument = graphql(`
  query OlderMessages($id: ID!, $last: Int, $before: String) {
    conversation(id: $id) {
      id
      messages(last: $last, before: $before) {
        nodes { ...MessageItem }
        pageInfo { hasPreviousPage startCursor }
      }
    }
  }
`);

export const ConversationEventsDocument = graphql(`
  subscription ConversationEvents($id: ID!, $after: Int) {
    conversationEvents(conversationId: $id, after: $after) {
      seq
      kind
      actorKind
      typing
      note
      team { name }
      message { ...MessageItem }
      conversation { ...ConversationRow }
    }
  }
`);

export const SendMessageDocument = graphql(`
  mutation SendMessage($id: ID!, $content: String!, $clientMessageId: String, $private: Boolean!) {
    sendMessage(conversationId: $id, content: $content, clientMessageId: $clientMessageId, private: $private) { ...MessageItem }
  }
`);

export const SetStatusDocument = graphql(`
  mutation SetConversationStatus($id: ID!, $status: ConversationStatus!) {
    setConversationStatus(conversationId: $id, status: $status) { ...ConversationRow }
  }
`);

export const MarkReadDocument = graphql(`
  mutation MarkConversationRead($id: ID!) {
    markConversationRead(conversationId: $id) { id unreadCount }
  }
`);

export const CannedResponsesDocument = graphql(`
  query CannedResponses($search: String) {
    cannedResponses(search: $search) { id shortcut content }
  }
`);

export const RenderCannedDocument = graphql(`
  query RenderCanned($id: ID!, $conversationId: ID!) {
    renderCannedResponse(id: $id, conversationId: $conversationId)
  }
`);

export const AssignDocument = graphql(`
  mutation AssignConversation($id: ID!, $agentId: ID) {
    assignConversation(conversationId: $id, agentId: $agentId) { ...ConversationRow }
  }
`);

export const TransferDocument = graphql(`
  mutation TransferConversation($id: ID!, $toAgentId: ID, $toTeamId: ID, $note: String) {
    transferConversation(conversationId: $id, toAgentId: $toAgentId, toTeamId: $toTeamId, note: $note) { ...ConversationRow }
  }
`);

export const SnoozeDocument = graphql(`
  mutation SnoozeConversation($id: ID!, $until: DateTime!) {
    setConversationStatus(conversationId: $id, status: SNOOZED, snoozedUntil: $until) { ...ConversationRow }
  }
`);

export const ReopenDocument = graphql(`
  mutation ReopenConversation($id: ID!) {
    reopenConversation(conversationId: $id) { ...ConversationRow }
  }
`);

export const SetPriorityDocument = graphql(`
  mutation SetConversationPriority($id: ID!, $priority: ConversationPriority!) {
    setConversationPriority(conversationId: $id, priority: $priority) { ...ConversationRow }
  }
`);

export const SetLabelsDocument = graphql(`
  mutation SetConversationLabels($id: ID!, $labels: [String!]!) {
    setConversationLabels(conversationId: $id, labels: $labels) { ...ConversationRow }
  }
`);

export const LabelCatalogueDocument = graphql(`
  query LabelCatalogue {
    labels { name color description }
  }
`);

/** Teams to transfer to; agents need `users:read` (staff), so agents get teams only. */
export const TransferTargetsDocument = graphql(`
  query TransferTargets {
    teams { id name }
  }
`);

export const TransferAgentsDocument = graphql(`
  query TransferAgents {
    users(filter: { status: ACTIVE }, first: 100) { nodes { id name role } }
  }
`);

export const ContactPanelDocument = graphql(`
  query ContactPanel($contactId: ID!) {
    contact(id: $contactId) { id name phone email document documentFormatted customAttributes }
    conversations(filter: { contactId: $contactId }, first: 10) {
      nodes { id protocol status createdAt }
    }
  }
`);
