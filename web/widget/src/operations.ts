// The widget's GraphQL operations. codegen (`npm run codegen`) reads them from here and writes
// their result and variable types, checked against ../../../schema.graphql, to `gql.ts`
// (types only: nothing of it reaches the bundle). A query that uses the message fragment is
// sent with it appended (`withMessage`).

export const MESSAGE_FIELDS = /* GraphQL */ `
  fragment VisitorMessageFields on VisitorMessage {
    id conversationId clientMessageId direction senderKind senderName content deliveryState createdAt attributes
    attachments { fileName contentType size url }
  }
`;

/** `operation` with the message fragment it spreads. */
export const withMessage = (operation: string): string => `${operation}\n${MESSAGE_FIELDS}`;

export const WIDGET_CONFIG = /* GraphQL */ `
  query WidgetConfig($inboxId: ID!, $locale: String) {
    widgetConfig(inboxId: $inboxId, locale: $locale) {
      color position greeting offlineMessage online nextOpenAt csatEnabled
      preChat: preChatForm { enabled requireName requireEmailOrPhone cpf }
    }
  }
`;

export const START_SESSION = /* GraphQL */ `
  mutation StartVisitorSession($input: StartVisitorSessionInput!) {
    startVisitorSession(input: $input) { token expiresAt contact { name } }
  }
`;

export const LATEST_CONVERSATION = /* GraphQL */ `
  query LatestVisitorConversation {
    visitorConversations(first: 1) {
      id status satisfaction { score }
      messages(last: 50) { edges { node { ...VisitorMessageFields } } }
    }
  }
`;

export const SEND_MESSAGE = /* GraphQL */ `
  mutation SendVisitorMessage($input: SendVisitorMessageInput!) {
    sendVisitorMessage(input: $input) { ...VisitorMessageFields }
  }
`;

export const SEND_ATTACHMENT = /* GraphQL */ `
  mutation SendVisitorAttachment($file: Upload!, $clientMessageId: String!, $conversationId: ID) {
    sendVisitorAttachment(file: $file, clientMessageId: $clientMessageId, conversationId: $conversationId) { ...VisitorMessageFields }
  }
`;

export const TYPING = /* GraphQL */ `
  mutation VisitorTyping($id: ID!, $typing: Boolean!) { visitorTyping(conversationId: $id, typing: $typing) }
`;

export const MARK_READ = /* GraphQL */ `
  mutation VisitorMarkRead($id: ID!) { visitorMarkRead(conversationId: $id) }
`;

export const RATE = /* GraphQL */ `
  mutation RateConversation($id: ID!, $score: Int!, $comment: String) {
    rateConversation(conversationId: $id, score: $score, comment: $comment) { score }
  }
`;

export const EVENTS = /* GraphQL */ `
  subscription VisitorEvents {
    visitorEvents { kind conversationId status typing fromVisitor message { ...VisitorMessageFields } }
  }
`;
