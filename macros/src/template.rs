//! `message = "account {id} not found"`: thiserror's interpolation syntax, parsed into
//! a format string with named arguments and the fields they name.

/// One `{…}` of a template.
pub struct Placeholder {
    /// The field: a name, or a tuple index as text (`"0"`).
    pub member: String,
    /// The format argument it becomes (`id`, or `_0` for an index; `__type` for a
    /// keyword, which cannot name an argument).
    pub argument: String,
}

/// A parsed template: the format string for `format_args!` and its placeholders.
pub struct Template {
    pub format: String,
    pub placeholders: Vec<Placeholder>,
    /// The fields a spec takes a width or a precision from (`{id:>width$}`,
    /// `{amount:.prec$}`), passed to `format_args!` as `usize` values.
    pub counts: Vec<Placeholder>,
    /// The template in order, literal text unescaped, when no placeholder has a
    /// format spec (`{id:?}`): such a message is written part by part, without
    /// `core::fmt`.
    pub pieces: Option<Vec<Piece>>,
}

/// A part of a template without format specs.
pub enum Piece {
    /// Literal text, `{{` and `}}` already unescaped.
    Text(String),
    /// The placeholder at this index of [`Template::placeholders`].
    Placeholder(usize),
}

impl Template {
    /// The text with `{{` and `}}` unescaped, when the template has no placeholders.
    pub fn constant_text(&self) -> Option<String> {
        self.placeholders
            .is_empty()
            .then(|| self.format.replace("{{", "{").replace("}}", "}"))
    }
}

/// Parses `text`; the error says what is wrong, for a caret under the literal.
pub fn parse(text: &str) -> Result<Template, String> {
    let mut format = String::with_capacity(text.len());
    let mut placeholders = Vec::new();
    let mut counts = Vec::new();
    let mut pieces = Some(Vec::new());
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                format.push_str("{{");
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                format.push_str("}}");
                literal.push('}');
            }
            '}' => {
                return Err("unmatched `}` in message; write `}}` for a literal brace".to_owned());
            }
            '{' => {
                let mut inside = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err("unclosed `{` in message; write `{{` for a literal brace"
                                .to_owned());
                        }
                        Some(ch) => inside.push(ch),
                    }
                }
                let (member, spec) = match inside.split_once(':') {
                    Some((member, spec)) => (member.trim(), Some(spec)),
                    None => (inside.trim(), None),
                };
                let placeholder = placeholder(member)?;
                format.push('{');
                format.push_str(&placeholder.argument);
                if let Some(spec) = spec {
                    format.push(':');
                    format.push_str(&count_arguments(spec, &mut counts)?);
                    pieces = None;
                }
                format.push('}');
                if let Some(pieces) = &mut pieces {
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Placeholder(placeholders.len()));
                }
                placeholders.push(placeholder);
            }
            _ => {
                format.push(ch);
                literal.push(ch);
            }
        }
    }
    if let Some(pieces) = &mut pieces
        && !literal.is_empty()
    {
        pieces.push(Piece::Text(literal));
    }
    Ok(Template {
        format,
        placeholders,
        counts,
        pieces,
    })
}

/// `spec` with each width or precision taken from a field (`width$`, `1$`) named by
/// its format argument, the fields added to `counts`. `.*`, which takes the
/// precision from a positional argument, has none to take it from.
fn count_arguments(spec: &str, counts: &mut Vec<Placeholder>) -> Result<String, String> {
    if spec.contains(".*") {
        return Err(
            "`.*` takes the precision from a positional argument, which a message has none of; \
             write `.prec$` with a field `prec`"
                .to_owned(),
        );
    }
    let mut out = String::with_capacity(spec.len());
    let mut name = String::new();
    for ch in spec.chars() {
        if ch.is_alphanumeric() || ch == '_' {
            name.push(ch);
            continue;
        }
        if ch == '$' && !name.is_empty() {
            let count = placeholder(&name)?;
            out.push_str(&count.argument);
            counts.push(count);
        } else {
            out.push_str(&name);
        }
        name.clear();
        out.push(ch);
    }
    out.push_str(&name);
    Ok(out)
}

fn placeholder(member: &str) -> Result<Placeholder, String> {
    if member.is_empty() {
        return Err("`{}` names no field; write `{field}` or `{0}`".to_owned());
    }
    if member.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Placeholder {
            member: member.to_owned(),
            argument: format!("_{member}"),
        });
    }
    // thiserror writes `{type}` for a field `r#type`; `{r#type}` is read the same way.
    let member = member.strip_prefix("r#").unwrap_or(member);
    let is_identifier = member.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && member.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !is_identifier {
        return Err(format!(
            "`{{{member}}}` is not a field; a placeholder is `{{field}}`, `{{0}}` or `{{field:?}}`"
        ));
    }
    Ok(Placeholder {
        member: member.to_owned(),
        argument: match syn::parse_str::<syn::Ident>(member) {
            Ok(_) => member.to_owned(),
            Err(_) => format!("__{member}"),
        },
    })
}
