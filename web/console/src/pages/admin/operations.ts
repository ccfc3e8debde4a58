/** The admin screens' GraphQL operations (admins only on the server: see docs/graphql.md). */
import { graphql } from '../../gql';

export const AdminUsersDocument = graphql(`
  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      nodes { id name email username role status teams { id name } }
      pageInfo { hasNextPage endCursor }
    }
    teams { id name }
  }
`);

export const CreateUserDocument = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { id name username }
  }
`);

export const UpdateUserDocument = graphql(`
  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) { id role status }
  }
`);

export const AddTeamMemberDocument = graphql(`
  mutation AdminAddTeamMember($teamId: ID!, $userId: ID!) {
    addTeamMember(teamId: $teamId, userId: $userId) { id members { id } }
  }
`);

export const RemoveTeamMemberDocument = graphql(`
  mutation AdminRemoveTeamMember($teamId: ID!, $userId: ID!) {
    removeTeamMember(teamId: $teamId, userId: $userId) { id members { id } }
  }
`);

export const AdminTeamsDocument = graphql(`
  query AdminTeams {
    teams { id name description members { id name username status } }
    users(first: 100, filter: { status: ACTIVE }) { nodes { id name username } }
  }
`);

export const CreateTeamDocument = graphql(`
  mutation AdminCreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) { id name }
  }
`);

export const UpdateTeamDocument = graphql(`
  mutation AdminUpdateTeam($id: ID!, $input: UpdateTeamInput!) {
    updateTeam(id: $id, input: $input) { id name description }
  }
`);

export const DeleteTeamDocument = graphql(`
  mutation AdminDeleteTeam($id: ID!) {
    deleteTeam(id: $id)
  }
`);

export const AdminInboxFieldsFragment = graphql(`
  fragment AdminInboxFields on Inbox {
    id
    name
    kind
    team { id name }
    webhookUrl
    webhookSecret
    pluginId
    botPluginId
    routerPluginId
    widget { color position allowedOrigins csatEnabled }
    widgetIdentitySecret
    widgetSnippet
  }
`);

export const AdminInboxesDocument = graphql(`
  query AdminInboxes {
    inboxes { ...AdminInboxFields }
    teams { id name }
    plugins { id name kind enabled }
  }
`);

export const CreateInboxDocument = graphql(`
  mutation AdminCreateInbox($input: CreateInboxInput!) {
    createInbox(input: $input) { ...AdminInboxFields }
  }
`);

export const UpdateInboxDocument = graphql(`
  mutation AdminUpdateInbox($id: ID!, $input: UpdateInboxInput!) {
    updateInbox(id: $id, input: $input) { ...AdminInboxFields }
  }
`);

export const RotateWidgetSecretDocument = graphql(`
  mutation AdminRotateWidgetSecret($inboxId: ID!) {
    rotateWidgetSecret(inboxId: $inboxId)
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation AdminRotateWebhookSecret($id: ID!) {
    rotateInboxWebhookSecret(id: $id) { ...AdminInboxFields }
  }
`);

export const AdminPluginFieldsFragment = graphql(`
  fragment AdminPluginFields on Plugin {
    id
    name
    description
    version
    kind
    witVersion
    enabled
    disabledReason
    source
    capabilities { httpHosts kv secrets { name reveal description } }
    settings { key type label description default choices min max required value }
    secrets { name isSet }
    recentErrors(limit: 10) { at reason message }
    metrics { calls failures meanDurationMs maxDurationMs }
  }
`);

export const AdminPluginsDocument = graphql(`
  query AdminPlugins {
    plugins { ...AdminPluginFields }
  }
`);

export const EnablePluginDocument = graphql(`
  mutation AdminEnablePlugin($id: ID!) {
    enablePlugin(id: $id) { ...AdminPluginFields }
  }
`);

export const DisablePluginDocument = graphql(`
  mutation AdminDisablePlugin($id: ID!) {
    disablePlugin(id: $id) { ...AdminPluginFields }
  }
`);

export const ConfigurePluginDocument = graphql(`
  mutation AdminConfigurePlugin($id: ID!, $input: ConfigurePluginInput!) {
    configurePlugin(id: $id, input: $input) { ...AdminPluginFields }
  }
`);

export const UninstallPluginDocument = graphql(`
  mutation AdminUninstallPlugin($id: ID!) {
    uninstallPlugin(id: $id)
  }
`);

/** Sent as a multipart request by `upload.ts`, not through the JSON client. */
export const INSTALL_PLUGIN = `mutation AdminInstallPlugin($file: Upload!, $force: Boolean!) {
  installPlugin(package: $file, enable: false, force: $force) { id name version }
}`;

export const AdminCannedDocument = graphql(`
  query AdminCanned($search: String) {
    cannedResponses(search: $search) { id shortcut content scope team { id name } owner { id name } }
    teams { id name }
  }
`);

export const CreateCannedDocument = graphql(`
  mutation AdminCreateCanned($input: CreateCannedResponseInput!) {
    createCannedResponse(input: $input) { id }
  }
`);

export const UpdateCannedDocument = graphql(`
  mutation AdminUpdateCanned($id: ID!, $input: UpdateCannedResponseInput!) {
    updateCannedResponse(id: $id, input: $input) { id }
  }
`);

export const DeleteCannedDocument = graphql(`
  mutation AdminDeleteCanned($id: ID!) {
    deleteCannedResponse(id: $id)
  }
`);

export const AuditLogDocument = graphql(`
  query AdminAuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      nodes { id at actorKind actorLabel action targetType targetId ip details }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
