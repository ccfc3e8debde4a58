//! Placeholders in a response's text, such as `Olá {{contact.first_name}}, sou {{agent.name}}`.

/// What the placeholders stand for, in one conversation.
pub struct Values {
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub agent_name: String,
    pub protocol: String,
}

impl Values {
    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "contact.name" => &self.contact_name,
            "contact.first_name" => self.contact_name.split_whitespace().next().unwrap_or(""),
            "contact.phone" => self.contact_phone.as_deref().unwrap_or(""),
            "contact.email" => self.contact_email.as_deref().unwrap_or(""),
            "agent.name" => &self.agent_name,
            "agent.first_name" => self.agent_name.split_whitespace().next().unwrap_or(""),
            "conversation.protocol" => &self.protocol,
            _ => return None,
        })
    }
}

/// Replaces each known `{{name}}` (spaces inside the braces allowed). Unknown ones stay as written,
/// so the agent sees the typo before the customer does.
pub fn render(template: &str, values: &Values) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        match values.get(after[..end].trim()) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            contact_name: "Maria da Silva".into(),
            contact_phone: Some("+5511987654321".into()),
            contact_email: None,
            agent_name: "Ana Souza".into(),
            protocol: "20261105000042".into(),
        }
    }

    #[test]
    fn known_placeholders_are_filled_in() {
        assert_eq!(
            render(
                "Olá {{contact.first_name}}! Sou {{ agent.name }}, protocolo {{conversation.protocol}}. \
                 ({{contact.name}}, {{contact.phone}}, [{{contact.email}}], {{agent.first_name}})",
                &values()
            ),
            "Olá Maria! Sou Ana Souza, protocolo 20261105000042. \
             (Maria da Silva, +5511987654321, [], Ana)"
        );
    }

    #[test]
    fn unknown_and_unclosed_placeholders_stay_as_written() {
        assert_eq!(
            render("{{contact.nome}} {{agent.name}} {{x", &values()),
            "{{contact.nome}} Ana Souza {{x"
        );
        assert_eq!(render("sem nada {} }}", &values()), "sem nada {} }}");
        assert_eq!(
            render("{{{{agent.name}}}}", &values()),
            "{{{{agent.name}}}}"
        );
    }

    #[test]
    fn filled_in_values_are_not_expanded_again() {
        let sneaky = Values {
            contact_name: "{{agent.name}}".into(),
            ..values()
        };
        assert_eq!(render("Oi {{contact.name}}", &sneaky), "Oi {{agent.name}}");
    }
}
