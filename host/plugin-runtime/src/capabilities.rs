//! Every permission decision of the host imports, in one place: a plugin may do a thing only
//! when its manifest **declares** it and the operator **grants** it (the shape of Zed's
//! extension host `CapabilityGranter`). The imports ask [`Granter::check`] and turn a
//! [`Refusal`] into their own WIT error; none of them reads the manifest's capabilities itself.
//!
//! Declaring is the plugin author's `[capabilities]` table. Granting is the operator's:
//! installing a plugin grants what it declares on public addresses, and a private address
//! (the ISP's own ERP, a RADIUS API) only for the hosts the operator trusts
//! ([`RuntimeLimits::allow_private_hosts`](crate::RuntimeLimits::allow_private_hosts)).

use crate::load::PluginContext;
use crate::manifest::{Capabilities, host_allowed};

/// Where a request goes: a host name as the URL says it, its explicit port, and the scheme.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint<'a> {
    pub host: &'a str,
    pub port: Option<u16>,
    pub https: bool,
}

impl Endpoint<'_> {
    fn shown(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.to_owned(),
        }
    }
}

/// One thing a plugin asks to do.
#[derive(Debug, Clone, Copy)]
pub enum Capability<'a> {
    /// Read or write its own key/value store.
    Kv,
    /// Send HTTP requests at all (checked before the URL is read).
    AnyHttp,
    /// Send an HTTP request to this endpoint.
    Http(Endpoint<'a>),
    /// Connect to a private address (loopback, LAN, CGNAT…) that this endpoint resolved to.
    PrivateAddress(Endpoint<'a>),
    /// Ask whether a secret is set, or compute an HMAC with it: its value stays in the host.
    UseSecret(&'a str),
    /// Put a secret's value into a request to this endpoint (`{{secret:NAME}}`).
    SendSecret { name: &'a str, to: Endpoint<'a> },
    /// Read a secret's value inside the plugin.
    RevealSecret(&'a str),
}

/// Why a capability was refused; the message names the manifest key or setting that would
/// allow it, for the plugin author's logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The manifest declares no capability of this kind at all (no `kv = true`, no HTTP hosts).
    NoneDeclared(String),
    /// The manifest declares the kind, but not this host or this secret.
    NotDeclared(String),
    /// Declared, but the operator did not grant it.
    NotGranted(String),
}

impl Refusal {
    pub fn message(&self) -> &str {
        match self {
            Refusal::NoneDeclared(m) | Refusal::NotDeclared(m) | Refusal::NotGranted(m) => m,
        }
    }
}

/// The operator's side: what installing a plugin does not grant by itself.
#[derive(Debug, Clone, Copy)]
pub struct Grants<'a> {
    /// `host[:port]` patterns whose private addresses plugins may reach.
    pub private_hosts: &'a [String],
}

/// Decides each [`Capability`] of one plugin from its declared capabilities and the grants.
#[derive(Debug, Clone, Copy)]
pub struct Granter<'a> {
    declared: &'a Capabilities,
    granted: Grants<'a>,
}

impl<'a> Granter<'a> {
    pub fn new(declared: &'a Capabilities, granted: Grants<'a>) -> Self {
        Granter { declared, granted }
    }

    /// The granter of one running plugin under the operator's trusted private hosts.
    pub(crate) fn of(plugin: &'a PluginContext, private_hosts: &'a [String]) -> Self {
        Granter::new(&plugin.manifest.capabilities, Grants { private_hosts })
    }

    pub fn check(&self, capability: Capability<'_>) -> Result<(), Refusal> {
        match capability {
            Capability::Kv if self.declared.kv => Ok(()),
            Capability::Kv => Err(Refusal::NoneDeclared(
                "plugin.toml does not declare capabilities.kv".into(),
            )),
            Capability::AnyHttp => self.any_http(),
            Capability::Http(to) => self.http(to),
            Capability::PrivateAddress(to) => {
                self.http(to)?;
                if host_allowed(self.granted.private_hosts, to.host, to.port, to.https) {
                    Ok(())
                } else {
                    Err(Refusal::NotGranted(format!(
                        "{} is a private address; the operator may trust it in \
                         ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS",
                        to.shown()
                    )))
                }
            }
            Capability::UseSecret(name) => self.secret(name).map(drop),
            Capability::SendSecret { name, to } => {
                let spec = self.secret(name)?;
                match &spec.hosts {
                    Some(hosts) if !host_allowed(hosts, to.host, to.port, to.https) => {
                        Err(Refusal::NotDeclared(format!(
                            "secret {name} may not be sent to {}",
                            to.host
                        )))
                    }
                    _ => Ok(()),
                }
            }
            Capability::RevealSecret(name) if self.secret(name)?.reveal => Ok(()),
            Capability::RevealSecret(name) => Err(Refusal::NotDeclared(format!(
                "secret {name} is not declared with reveal = true"
            ))),
        }
    }

    fn any_http(&self) -> Result<(), Refusal> {
        if self.declared.http.hosts.is_empty() {
            return Err(Refusal::NoneDeclared(
                "plugin.toml declares no capabilities.http.hosts".into(),
            ));
        }
        Ok(())
    }

    fn http(&self, to: Endpoint<'_>) -> Result<(), Refusal> {
        self.any_http()?;
        if host_allowed(&self.declared.http.hosts, to.host, to.port, to.https) {
            Ok(())
        } else {
            Err(Refusal::NotDeclared(to.shown()))
        }
    }

    fn secret(&self, name: &str) -> Result<&'a crate::manifest::SecretSpec, Refusal> {
        self.declared
            .secrets
            .get(name)
            .ok_or_else(|| Refusal::NotDeclared(format!("secret {name} is not declared")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{HttpCapability, SecretSpec};

    fn declared() -> Capabilities {
        let mut secrets = std::collections::BTreeMap::new();
        secrets.insert(
            "token".to_owned(),
            SecretSpec {
                reveal: false,
                description: None,
                hosts: Some(vec!["api.erp.example".into()]),
            },
        );
        secrets.insert(
            "signing".to_owned(),
            SecretSpec {
                reveal: true,
                description: None,
                hosts: None,
            },
        );
        Capabilities {
            kv: true,
            http: HttpCapability {
                hosts: vec![
                    "api.erp.example".into(),
                    "*.cdn.example".into(),
                    "radius.isp.lan:8443".into(),
                ],
            },
            secrets,
        }
    }

    const TRUSTED: &[String] = &[];

    fn at(host: &str, port: Option<u16>) -> Endpoint<'_> {
        Endpoint {
            host,
            port,
            https: true,
        }
    }

    #[test]
    fn nothing_declared_refuses_every_capability_whatever_the_operator_grants() {
        let none = Capabilities::default();
        let trusted = vec!["radius.isp.lan:8443".to_owned()];
        let granter = Granter::new(
            &none,
            Grants {
                private_hosts: &trusted,
            },
        );
        let lan = at("radius.isp.lan", Some(8443));
        for capability in [
            Capability::Kv,
            Capability::AnyHttp,
            Capability::Http(lan),
            Capability::PrivateAddress(lan),
            Capability::UseSecret("token"),
            Capability::SendSecret {
                name: "token",
                to: lan,
            },
            Capability::RevealSecret("token"),
        ] {
            let refusal = granter.check(capability).unwrap_err();
            assert!(
                !matches!(refusal, Refusal::NotGranted(_)),
                "{capability:?} is refused for not being declared: {refusal:?}"
            );
        }
    }

    #[test]
    fn http_goes_only_to_declared_hosts_and_ports() {
        let declared = declared();
        let granter = Granter::new(
            &declared,
            Grants {
                private_hosts: TRUSTED,
            },
        );
        assert_eq!(
            granter.check(Capability::Http(at("api.erp.example", None))),
            Ok(())
        );
        assert_eq!(
            granter.check(Capability::Http(at("img.cdn.example", None))),
            Ok(())
        );
        for (host, port) in [
            ("cdn.example", None),
            ("api.erp.example", Some(8080)),
            ("evil.example", None),
            ("api.erp.example.evil", None),
        ] {
            assert!(
                matches!(
                    granter.check(Capability::Http(at(host, port))),
                    Err(Refusal::NotDeclared(_))
                ),
                "{host}:{port:?}"
            );
        }
    }

    #[test]
    fn a_private_address_needs_the_declaration_and_the_operators_grant() {
        let declared = declared();
        let lan = at("radius.isp.lan", Some(8443));
        let ungranted = Granter::new(
            &declared,
            Grants {
                private_hosts: TRUSTED,
            },
        );
        assert!(matches!(
            ungranted.check(Capability::PrivateAddress(lan)),
            Err(Refusal::NotGranted(_))
        ));

        let trusted = vec!["radius.isp.lan:8443".to_owned(), "intranet.lan".to_owned()];
        let granted = Granter::new(
            &declared,
            Grants {
                private_hosts: &trusted,
            },
        );
        assert_eq!(granted.check(Capability::PrivateAddress(lan)), Ok(()));
        // Trusted by the operator but never declared by the plugin: still refused.
        assert!(matches!(
            granted.check(Capability::PrivateAddress(at("intranet.lan", None))),
            Err(Refusal::NotDeclared(_))
        ));
    }

    #[test]
    fn secrets_are_used_sent_and_revealed_only_as_declared() {
        let declared = declared();
        let granter = Granter::new(
            &declared,
            Grants {
                private_hosts: TRUSTED,
            },
        );
        assert_eq!(granter.check(Capability::UseSecret("token")), Ok(()));
        assert!(matches!(
            granter.check(Capability::UseSecret("other")),
            Err(Refusal::NotDeclared(_))
        ));
        let send = |name, host| Capability::SendSecret {
            name,
            to: at(host, None),
        };
        assert_eq!(granter.check(send("token", "api.erp.example")), Ok(()));
        assert!(matches!(
            granter.check(send("token", "img.cdn.example")),
            Err(Refusal::NotDeclared(_))
        ));
        // A secret without its own hosts goes wherever the plugin's HTTP may.
        assert_eq!(granter.check(send("signing", "img.cdn.example")), Ok(()));
        assert!(matches!(
            granter.check(Capability::RevealSecret("token")),
            Err(Refusal::NotDeclared(_))
        ));
        assert_eq!(granter.check(Capability::RevealSecret("signing")), Ok(()));
    }
}
