/** The signed-in member's presence: read from `me`, set with `setPresence`, followed live. */
import { graphql } from '../../gql';

export const MyPresenceDocument = graphql(`
  query MyPresence {
    me { id presence presenceSince }
  }
`);

export const SetPresenceDocument = graphql(`
  mutation SetPresence($presence: Presence!) {
    setPresence(presence: $presence) { id presence presenceSince }
  }
`);

export const MyPresenceEventsDocument = graphql(`
  subscription MyPresenceEvents {
    presenceEvents { userId presence since }
  }
`);
