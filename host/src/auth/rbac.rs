//! Roles, API-key scopes and the permissions they grant. Services ask [`Caller::require`] before
//! doing anything; this table is the single place that says who may do what.

use std::net::IpAddr;
use std::str::FromStr;

use uuid::Uuid;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum Role {
    Admin,
    Supervisor,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
        }
    }

    fn grants(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Supervisor if matches!(permission, LabelsManage | ReportsRead) => true,
            Role::Supervisor | Role::Agent => matches!(
                permission,
                UsersRead
                    | TeamsRead
                    | InboxesRead
                    | ContactsRead
                    | ContactsWrite
                    | ConversationsRead
                    | ConversationsWrite
            ),
        }
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "admin" => Ok(Role::Admin),
            "supervisor" => Ok(Role::Supervisor),
            "agent" => Ok(Role::Agent),
            other => Err(Error::internal(format!(
                "unknown role {other:?} in storage"
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    UsersRead,
    UsersWrite,
    TeamsRead,
    TeamsWrite,
    ApiKeysManage,
    AuditRead,
    InboxesRead,
    InboxesWrite,
    ContactsRead,
    ContactsWrite,
    /// Read conversations and messages (agents: only their teams').
    ConversationsRead,
    /// Reply, assign, transfer, change status, labels, priority.
    ConversationsWrite,
    /// Define the label catalogue (supervisors and admins).
    LabelsManage,
    /// The supervisor dashboard and reports (supervisors: their teams; admins: all; no API key
    /// scope yet).
    ReportsRead,
    /// Post a customer's incoming message and report delivery of outgoing ones (integrators).
    MessagesWrite,
    /// Install, configure, enable, disable and uninstall plugins (admins only; no API key scope).
    PluginsManage,
    /// See channel webhook deliveries with their raw bodies, and retry failed ones (admins only;
    /// no API key scope: raw bodies carry customers' data).
    ChannelDeliveriesManage,
    /// Set the service-level targets (admins only; no API key scope).
    SlaManage,
}

/// What an integrator's API key may do. Keys never manage other keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    UsersRead,
    UsersWrite,
    TeamsRead,
    TeamsWrite,
    AuditRead,
    InboxesRead,
    ContactsRead,
    ContactsWrite,
    ConversationsRead,
    ConversationsWrite,
    MessagesWrite,
}

impl Scope {
    pub const ALL: [Scope; 11] = [
        Scope::UsersRead,
        Scope::UsersWrite,
        Scope::TeamsRead,
        Scope::TeamsWrite,
        Scope::AuditRead,
        Scope::InboxesRead,
        Scope::ContactsRead,
        Scope::ContactsWrite,
        Scope::ConversationsRead,
        Scope::ConversationsWrite,
        Scope::MessagesWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::UsersRead => "users:read",
            Scope::UsersWrite => "users:write",
            Scope::TeamsRead => "teams:read",
            Scope::TeamsWrite => "teams:write",
            Scope::AuditRead => "audit:read",
            Scope::InboxesRead => "inboxes:read",
            Scope::ContactsRead => "contacts:read",
            Scope::ContactsWrite => "contacts:write",
            Scope::ConversationsRead => "conversations:read",
            Scope::ConversationsWrite => "conversations:write",
            Scope::MessagesWrite => "messages:write",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == text)
    }

    fn grants(self, permission: Permission) -> bool {
        matches!(
            (self, permission),
            (Scope::UsersRead, Permission::UsersRead)
                | (Scope::UsersWrite, Permission::UsersWrite)
                | (Scope::TeamsRead, Permission::TeamsRead)
                | (Scope::TeamsWrite, Permission::TeamsWrite)
                | (Scope::AuditRead, Permission::AuditRead)
                | (Scope::InboxesRead, Permission::InboxesRead)
                | (Scope::ContactsRead, Permission::ContactsRead)
                | (Scope::ContactsWrite, Permission::ContactsWrite)
                | (Scope::ConversationsRead, Permission::ConversationsRead)
                | (Scope::ConversationsWrite, Permission::ConversationsWrite)
                | (Scope::MessagesWrite, Permission::MessagesWrite)
        )
    }
}

#[derive(Debug, Clone)]
pub enum Principal {
    User {
        id: Uuid,
        username: String,
        role: Role,
    },
    ApiKey {
        id: Uuid,
        name: String,
        scopes: Vec<Scope>,
    },
    /// A web chat widget's visitor (the `visitor` role): holds no [`Permission`] at all, so every
    /// staff operation refuses them; the widget's own operations (`crate::widget`) check
    /// [`Caller::require_visitor`] and scope everything to this contact in this inbox.
    Visitor {
        contact_id: Uuid,
        inbox_id: Uuid,
        /// The widget's language (`pt-BR` or `en`), for texts the host writes to the visitor.
        locale: String,
    },
}

impl Principal {
    pub fn can(&self, permission: Permission) -> bool {
        match self {
            Principal::User { role, .. } => role.grants(permission),
            Principal::ApiKey { scopes, .. } => scopes.iter().any(|s| s.grants(permission)),
            Principal::Visitor { .. } => false,
        }
    }

    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Principal::User { id, .. } => Some(*id),
            Principal::ApiKey { .. } | Principal::Visitor { .. } => None,
        }
    }
}

/// What the request's credentials turned out to be.
#[derive(Debug, Clone)]
pub enum Identity {
    Anonymous,
    /// Credentials were sent but are not valid (expired, revoked, malformed): the message says why.
    Invalid(&'static str),
    /// Credentials were sent but could not be checked (the database is unreachable): they may
    /// well be good, so the caller is told to retry (UNAVAILABLE), not to sign in again.
    Unchecked,
    Authenticated(Principal),
}

/// The caller of one request (HTTP) or one connection (WebSocket).
#[derive(Debug, Clone)]
pub struct Caller {
    pub identity: Identity,
    pub ip: Option<IpAddr>,
}

impl Caller {
    pub fn anonymous(ip: Option<IpAddr>) -> Self {
        Caller {
            identity: Identity::Anonymous,
            ip,
        }
    }

    pub fn principal(&self) -> Result<&Principal> {
        match &self.identity {
            Identity::Authenticated(principal) => Ok(principal),
            Identity::Anonymous => Err(Error::Unauthenticated("authentication required")),
            Identity::Invalid(reason) => Err(Error::Unauthenticated(reason)),
            Identity::Unchecked => Err(Error::Unavailable(
                "credentials could not be checked right now; try again",
            )),
        }
    }

    pub fn require(&self, permission: Permission) -> Result<&Principal> {
        let principal = self.principal()?;
        if principal.can(permission) {
            Ok(principal)
        } else {
            Err(Error::Forbidden("you do not have permission to do this"))
        }
    }

    /// The signed-in user; API keys and visitors have no user of their own.
    pub fn require_user(&self) -> Result<Uuid> {
        match self.principal()? {
            Principal::User { id, .. } => Ok(*id),
            Principal::ApiKey { .. } => Err(Error::Forbidden(
                "this needs a user session, not an API key",
            )),
            Principal::Visitor { .. } => Err(Error::Forbidden(VISITOR_REFUSED)),
        }
    }

    /// The widget visitor making the request: `(contact, inbox, locale)`. Staff are refused:
    /// visitor operations act as the customer.
    pub fn require_visitor(&self) -> Result<(Uuid, Uuid, &str)> {
        match self.principal()? {
            Principal::Visitor {
                contact_id,
                inbox_id,
                locale,
            } => Ok((*contact_id, *inbox_id, locale.as_str())),
            _ => Err(Error::Forbidden(
                "this needs a visitor session from the web chat widget",
            )),
        }
    }
}

const VISITOR_REFUSED: &str = "web chat visitors may only use the widget's operations";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_users_teams_keys_and_read_the_audit_log() {
        let admin_only = [
            Permission::UsersWrite,
            Permission::TeamsWrite,
            Permission::ApiKeysManage,
            Permission::AuditRead,
            Permission::InboxesWrite,
            Permission::MessagesWrite,
            Permission::PluginsManage,
            Permission::ChannelDeliveriesManage,
            Permission::SlaManage,
        ];
        for permission in admin_only {
            assert!(Role::Admin.grants(permission));
            assert!(!Role::Supervisor.grants(permission));
            assert!(!Role::Agent.grants(permission));
        }
        let staff = [
            Permission::UsersRead,
            Permission::TeamsRead,
            Permission::InboxesRead,
            Permission::ContactsRead,
            Permission::ContactsWrite,
            Permission::ConversationsRead,
            Permission::ConversationsWrite,
        ];
        assert!(Role::Supervisor.grants(Permission::LabelsManage));
        assert!(!Role::Agent.grants(Permission::LabelsManage));
        assert!(Role::Admin.grants(Permission::ReportsRead));
        assert!(Role::Supervisor.grants(Permission::ReportsRead));
        assert!(!Role::Agent.grants(Permission::ReportsRead));
        for role in [Role::Admin, Role::Supervisor, Role::Agent] {
            for permission in staff {
                assert!(role.grants(permission), "{role:?} {permission:?}");
            }
        }
    }

    #[test]
    fn api_keys_get_exactly_their_scopes_and_never_manage_keys() {
        let key = Principal::ApiKey {
            id: Uuid::nil(),
            name: "crm".into(),
            scopes: vec![Scope::UsersRead],
        };
        assert!(key.can(Permission::UsersRead));
        assert!(!key.can(Permission::UsersWrite));
        assert!(!key.can(Permission::TeamsRead));
        let all = Principal::ApiKey {
            id: Uuid::nil(),
            name: "all".into(),
            scopes: Scope::ALL.to_vec(),
        };
        assert!(!all.can(Permission::ApiKeysManage));
    }

    #[test]
    fn visitors_hold_no_permission_at_all() {
        let visitor = Caller {
            identity: Identity::Authenticated(Principal::Visitor {
                contact_id: Uuid::nil(),
                inbox_id: Uuid::nil(),
                locale: "pt-BR".into(),
            }),
            ip: None,
        };
        let every = [
            Permission::UsersRead,
            Permission::UsersWrite,
            Permission::TeamsRead,
            Permission::TeamsWrite,
            Permission::ApiKeysManage,
            Permission::AuditRead,
            Permission::InboxesRead,
            Permission::InboxesWrite,
            Permission::ContactsRead,
            Permission::ContactsWrite,
            Permission::ConversationsRead,
            Permission::ConversationsWrite,
            Permission::LabelsManage,
            Permission::ReportsRead,
            Permission::MessagesWrite,
            Permission::PluginsManage,
        ];
        for permission in every {
            assert!(
                matches!(visitor.require(permission), Err(Error::Forbidden(_))),
                "{permission:?}"
            );
        }
        assert!(matches!(visitor.require_user(), Err(Error::Forbidden(_))));
        assert!(visitor.require_visitor().is_ok());
    }

    #[test]
    fn scopes_round_trip_through_text() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(Scope::parse("users:delete"), None);
    }
}
