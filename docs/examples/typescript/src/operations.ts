// The operations this integration sends. `npm run generate` reads them and writes their result
// and variable types to src/gql/; `graphql(...)` then returns a typed document.
import { graphql } from "./gql/index.js";

export const Login = graphql(`
  mutation Login($login: String!, $password: String!) {
    login(login: $login, password: $password) {
      accessToken
      accessTokenExpiresAt
      user { id role }
    }
  }
`);

export const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey { id prefix scopes }
    }
  }
`);

export const CreateApiInbox = graphql(`
  mutation CreateApiInbox($name: String!) {
    createInbox(input: { name: $name, kind: API }) { id name kind }
  }
`);

export const PostIncomingMessage = graphql(`
  mutation PostIncomingMessage(
    $inboxId: ID!
    $contact: IncomingContactInput!
    $content: String!
    $externalId: String
  ) {
    postIncomingMessage(inboxId: $inboxId, contact: $contact, content: $content, externalId: $externalId) {
      id
      conversationId
      content
      direction
      externalId
      conversation { protocol status }
    }
  }
`);

export const SendMessage = graphql(`
  mutation SendMessage($conversationId: ID!, $content: String!, $clientMessageId: String) {
    sendMessage(conversationId: $conversationId, content: $content, clientMessageId: $clientMessageId) {
      id
      direction
      deliveryState
      conversation { status assignee { id } }
    }
  }
`);

export const ConversationMessages = graphql(`
  query ConversationMessages($id: ID!) {
    conversation(id: $id) {
      protocol
      status
      lastSeq
      messages(last: 50) {
        nodes { id direction senderKind content externalId clientMessageId }
      }
    }
  }
`);

export const ConversationEvents = graphql(`
  subscription ConversationEvents($conversationId: ID!, $after: Int) {
    conversationEvents(conversationId: $conversationId, after: $after) {
      seq
      kind
      actorKind
      status
      assignee { id }
      message { id direction senderKind content }
    }
  }
`);
