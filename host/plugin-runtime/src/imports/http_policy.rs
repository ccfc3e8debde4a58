//! The pure rules of `http`: which addresses are off limits, `{{secret:NAME}}` substitution and
//! the redaction of substituted values from responses.

use std::net::{IpAddr, Ipv4Addr};

use base64::Engine as _;

use crate::capabilities::{Capability, Endpoint, Granter};
use crate::load::PluginContext;
use crate::v1::host::http::{Auth, HttpError, Response};

/// Loopback, RFC 1918, link-local (cloud metadata), carrier-grade NAT (the inside of an ISP),
/// benchmarking, unspecified, multicast and reserved addresses, and their IPv6 counterparts
/// (IPv4-mapped and NAT64 addresses are judged by the IPv4 address they carry).
pub fn is_blocked(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => blocked_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return blocked_v4(v4);
            }
            let s = v6.segments();
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return blocked_v4(Ipv4Addr::new(a, b, c, d));
            }
            v6.is_unspecified()
                || v6.is_loopback()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xff00) == 0xff00 // multicast
        }
    }
}

/// Whether a request may connect to `ip`. Public addresses always; a private one only when the
/// request's host is on the operator's allow-list (`trusted`), and never the addresses that name
/// no single host (unspecified, multicast, broadcast, "this network").
pub fn address_allowed(ip: IpAddr, trusted: bool) -> bool {
    if !is_blocked(ip) {
        return true;
    }
    let nowhere = match ip {
        IpAddr::V4(v4) => nowhere_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => nowhere_v4(v4),
            None => v6.is_unspecified() || v6.is_multicast(),
        },
    };
    trusted && !nowhere
}

fn nowhere_v4(ip: Ipv4Addr) -> bool {
    let [p, ..] = ip.octets();
    p == 0 || p >= 224
}

fn blocked_v4(ip: Ipv4Addr) -> bool {
    let [p, q, ..] = ip.octets();
    p == 0
        || p == 10
        || p == 127
        || p >= 224
        || (p == 100 && (64..=127).contains(&q))
        || (p == 169 && q == 254)
        || (p == 172 && (16..=31).contains(&q))
        || (p == 192 && q == 168)
        || (p == 198 && (q == 18 || q == 19))
}

/// Replaces placeholders with secret values for one request, remembering what it substituted.
pub struct Substituter<'a> {
    plugin: &'a PluginContext,
    granter: Granter<'a>,
    to: Endpoint<'a>,
    pub used: Vec<(String, String)>,
}

impl<'a> Substituter<'a> {
    pub fn new(plugin: &'a PluginContext, granter: Granter<'a>, to: Endpoint<'a>) -> Self {
        Substituter {
            plugin,
            granter,
            to,
            used: Vec::new(),
        }
    }

    fn value(&mut self, name: &str) -> Result<String, HttpError> {
        let invalid = |m: String| HttpError::InvalidRequest(m);
        self.granter
            .check(Capability::SendSecret { name, to: self.to })
            .map_err(|refusal| invalid(refusal.message().into()))?;
        let value = self
            .plugin
            .secrets
            .get(name)
            .ok_or_else(|| invalid(format!("secret {name} is not set")))?;
        if !self.used.iter().any(|(n, _)| n == name) {
            self.used.push((name.to_owned(), value.clone()));
        }
        Ok(value.clone())
    }

    pub fn apply(&mut self, text: &str) -> Result<String, HttpError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{secret:") {
            let after = &rest[start + "{{secret:".len()..];
            let Some(end) = after.find("}}") else { break };
            let name = &after[..end];
            out.push_str(&rest[..start]);
            if valid_name(name) {
                out.push_str(&self.value(name)?);
            } else {
                out.push_str(&rest[start..start + "{{secret:".len() + end + 2]);
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    pub fn authorization(&mut self, auth: &Auth) -> Result<String, HttpError> {
        Ok(match auth {
            Auth::Bearer(name) => format!("Bearer {}", self.value(name)?),
            Auth::Basic(basic) => {
                let password = self.value(&basic.password_secret)?;
                let raw = format!("{}:{password}", basic.username);
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                )
            }
        })
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A server that echoes what it got must not hand the plugin a secret it may not read.
pub fn redact(mut response: Response, used: &[(String, String)]) -> Response {
    for (name, value) in used.iter().filter(|(_, v)| !v.is_empty()) {
        let placeholder = format!("{{{{secret:{name}}}}}");
        for (_, header) in &mut response.headers {
            *header = header.replace(value.as_str(), &placeholder);
        }
        response.body = replace_bytes(&response.body, value.as_bytes(), placeholder.as_bytes());
    }
    response
}

fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugins_http_blocks_private_and_metadata_addresses() {
        for blocked in [
            "127.0.0.1",
            "10.1.2.3",
            "169.254.169.254",
            "100.64.0.1",
            "172.20.0.1",
            "192.168.1.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            let ip: IpAddr = blocked.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            assert!(is_blocked(ip), "{blocked} must be blocked");
        }
        for allowed in ["203.0.113.10", "8.8.8.8", "100.128.0.1", "2001:db8::1"] {
            let ip: IpAddr = allowed.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            assert!(!is_blocked(ip), "{allowed} must be allowed");
        }
    }

    #[test]
    fn plugins_http_operator_trust_opens_private_but_never_nowhere_addresses() {
        let ip = |s: &str| s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::BROADCAST));
        for private in [
            "10.1.2.3",
            "127.0.0.1",
            "192.168.0.10",
            "100.64.1.1",
            "fd00::5",
        ] {
            assert!(!address_allowed(ip(private), false), "{private} untrusted");
            assert!(address_allowed(ip(private), true), "{private} trusted");
        }
        for nowhere in ["0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "ff02::1"] {
            assert!(!address_allowed(ip(nowhere), true), "{nowhere}");
        }
        assert!(address_allowed(ip("203.0.113.10"), false));
    }

    #[test]
    fn plugins_http_redacts_substituted_secrets() {
        let response = Response {
            status: 200,
            headers: vec![("x-echo".into(), "Bearer s3cret".into())],
            body: b"token=s3cret;".to_vec(),
        };
        let out = redact(response, &[("token".into(), "s3cret".into())]);
        assert_eq!(out.headers[0].1, "Bearer {{secret:token}}");
        assert_eq!(out.body, b"token={{secret:token}};");
    }
}
