//! A note written with the facilitator's own template (`--template FILE`).
//!
//! The template is MiniJinja (Jinja2) and sees the [`NoteFacts`] as
//! serialized: `header`, `risks`, `attendance`, `agenda`, `participation`,
//! `norms`, `conflicts`, `mutual_aid`, `interventions`, `other_moments`,
//! `plan`, `members` and `sign_off` (for `--member`: `header` and `member`).
//!
//! - **Escaping.** A template whose name ends in `.html` or `.htm` escapes
//!   for HTML; any other is taken as Markdown and every value printed with
//!   `{{ … }}` is escaped for Markdown and kept on one line, so a member's
//!   name can never become a heading or a table cell break. `|safe` opts out.
//! - **Strict.** A misspelt field is an error, not an empty line: a note that
//!   silently loses a figure is worse than no note.
//! - **Filters** turn the raw figures into the note's own wording:
//!   `time` and `hm` (18:07), `zone` (UTC−05:00), `date` (2026-11-23),
//!   `duration` (4 min 32 s, 1 h 15 min from milliseconds; `talk` and
//!   `clock` are the same), `percent` (33.3% from 0.333), `attendance`
//!   (late (arrived 18:10)), `signed` (+1).
//!
//! The built-in narrative note is the Rust renderer in `markdown/`, the
//! reference for what a template can say; the clinical formats (BIRP, DAP,
//! GIRP, SOAP) are built-in templates in `templates/styles/`, which see
//! `parts`, the narrative note's blocks already worded and escaped, with
//! `header`, each conflict's labels and each member's goals
//! ([`render_style`]); `templates/summary.md.j2` is a short example.

use super::display::{
    calendar_date, clock_time, duration, hour_minute, percent, signed, talk_time, time_zone,
};
use super::escape::escape_md;
use super::facts::{AttendanceStatus, HeaderFacts, MemberAttendance, MemberEntry, NoteFacts};
use crate::model::{NoteStyle, Timestamp};
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, escape_formatter};
use serde::Serialize;
use std::fmt;

/// A short example template, tested to render.
pub const EXAMPLE_TEMPLATE: &str = include_str!("templates/summary.md.j2");

/// Why a template could not be rendered, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The template as the user named it.
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for TemplateError {}

/// The built-in templates of the clinical note formats, by style.
pub const STYLE_TEMPLATES: [(NoteStyle, &str, &str); 4] = [
    (
        NoteStyle::Birp,
        "birp.md.j2",
        include_str!("templates/styles/birp.md.j2"),
    ),
    (
        NoteStyle::Dap,
        "dap.md.j2",
        include_str!("templates/styles/dap.md.j2"),
    ),
    (
        NoteStyle::Girp,
        "girp.md.j2",
        include_str!("templates/styles/girp.md.j2"),
    ),
    (
        NoteStyle::Soap,
        "soap.md.j2",
        include_str!("templates/styles/soap.md.j2"),
    ),
];

/// What every built-in style includes: the title, header and risk on top,
/// the sign-off and appendix at the bottom.
const STYLE_PARTS: [(&str, &str); 2] = [
    ("top.md.j2", include_str!("templates/styles/top.md.j2")),
    (
        "bottom.md.j2",
        include_str!("templates/styles/bottom.md.j2"),
    ),
];

/// The note in one of the built-in clinical formats, in Markdown: the
/// style's template over the facts and `parts`, the built-in note's own
/// blocks already worded and escaped. `None` for the narrative note, which
/// is the Rust renderer.
pub fn render_style(facts: &NoteFacts, style: NoteStyle) -> Option<Result<String, TemplateError>> {
    let (_, name, source) = STYLE_TEMPLATES
        .iter()
        .find(|(known, _, _)| *known == style)?;
    Some(render_builtin(facts, name, source))
}

fn render_builtin(facts: &NoteFacts, name: &str, source: &str) -> Result<String, TemplateError> {
    // What the built-in styles read, and nothing more: `parts` (the note's
    // blocks already worded), the header, each conflict's labels and each
    // member's goals. Serializing every fact (every turn and moment) only to
    // drop it was most of a long session's note.
    let json = serde_json::json!({
        "header": &facts.header,
        "conflicts": facts
            .conflicts
            .iter()
            .map(|conflict| serde_json::json!({
                "kind_label": conflict.kind_label,
                "status_label": conflict.status_label,
            }))
            .collect::<Vec<_>>(),
        "members": facts
            .members
            .iter()
            .map(|member| serde_json::json!({
                "participation": member.participation.is_some(),
                "goals": &member.goals,
            }))
            .collect::<Vec<_>>(),
        "parts": super::markdown::parts(facts),
    });
    let mut environment = environment();
    // The fuel guards against a user's template that never ends; a built-in
    // style's loops are over the facts, so its work grows with the session
    // and a long session must not lose its note to the limit.
    environment.set_fuel(None);
    for (part, source) in STYLE_PARTS {
        environment
            .add_template(part, source)
            .map_err(|error| located(part, &error))?;
    }
    environment
        .add_template(name, source)
        .map_err(|error| located(name, &error))?;
    let template = environment
        .get_template(name)
        .map_err(|error| located(name, &error))?;
    let mut note = template
        .render(template_value(json))
        .map_err(|error| located(name, &error))?;
    tidy(&mut note);
    Ok(note)
}

/// Blocks one blank line apart and one newline at the end, whatever the
/// template's whitespace.
fn tidy(note: &mut String) {
    let mut out = String::with_capacity(note.len());
    let mut blank = 0;
    for line in note.lines() {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if blank > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line.trim_end());
        out.push('\n');
    }
    *note = out;
}

/// What a template for one member's entry sees.
#[derive(Serialize)]
struct MemberContext<'a> {
    header: &'a HeaderFacts,
    member: &'a MemberEntry,
}

/// Renders the whole note's facts with `source`; `file` names the template in errors.
pub fn render(facts: &NoteFacts, file: &str, source: &str) -> Result<String, TemplateError> {
    render_value(file, source, context(file, facts)?)
}

/// Renders one member's entry with `source`.
pub fn render_member(
    facts: &NoteFacts,
    entry: &MemberEntry,
    file: &str,
    source: &str,
) -> Result<String, TemplateError> {
    let context = MemberContext {
        header: &facts.header,
        member: entry,
    };
    render_value(file, source, self::context(file, &context)?)
}

/// The facts as template values. MiniJinja is built here without its serde
/// feature, so the facts go through `serde_json` first.
fn context(file: &str, facts: &impl Serialize) -> Result<Value, TemplateError> {
    serde_json::to_value(facts)
        .map(template_value)
        .map_err(|error| TemplateError {
            file: file.to_string(),
            line: None,
            reason: format!("the note's facts could not be prepared: {error}"),
        })
}

fn template_value(json: serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match json {
        Json::Null => Value::from(()),
        Json::Bool(flag) => Value::from(flag),
        Json::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(whole), _, _) => Value::from(whole),
            (None, Some(large), _) => Value::from(large),
            (None, None, Some(fraction)) => Value::from(fraction),
            (None, None, None) => Value::from(()),
        },
        Json::String(text) => Value::from(text),
        Json::Array(items) => {
            Value::from(items.into_iter().map(template_value).collect::<Vec<_>>())
        }
        Json::Object(fields) => Value::from(
            fields
                .into_iter()
                .map(|(name, value)| (name, template_value(value)))
                .collect::<std::collections::BTreeMap<String, Value>>(),
        ),
    }
}

fn render_value(file: &str, source: &str, context: Value) -> Result<String, TemplateError> {
    let environment = environment();
    let located = |error: Error| located(file, &error);
    let template = environment
        .template_from_named_str(file, source)
        .map_err(located)?;
    template.render(context).map_err(located)
}

fn located(file: &str, error: &Error) -> TemplateError {
    let reason = match error.detail() {
        _ if error.kind() == ErrorKind::OutOfFuel => format!(
            "the template ran too long (fuel of {FUEL} steps used up): a loop runs too \
             often, or it makes too much text; nothing was written"
        ),
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    TemplateError {
        file: error.name().unwrap_or(file).to_string(),
        line: error.line(),
        reason,
    }
}

const MARKDOWN: &str = "markdown";

/// The work one render may do, in MiniJinja's fuel (about one instruction, or
/// 64 bytes of text made): a template printing every fact of a 2,000-event
/// session (every turn, moment and member entry; 200 KB) uses about 6% of it;
/// `{% for %}` inside `{% for %}` over `range(100000)` stops at it instead of
/// running for hours, and the text a template makes stays under about 64 MB.
pub const FUEL: u64 = 1_000_000;

fn environment() -> Environment<'static> {
    let mut environment = Environment::new();
    environment.set_fuel(Some(FUEL));
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    environment.set_auto_escape_callback(|name| {
        let extension = name.rsplit('.').next().unwrap_or_default();
        if matches!(extension, "html" | "htm") {
            AutoEscape::Html
        } else {
            AutoEscape::Custom(MARKDOWN.into())
        }
    });
    environment.set_formatter(|out, state, value| {
        let AutoEscape::Custom(name) = state.auto_escape() else {
            return escape_formatter(out, state, value);
        };
        if name != MARKDOWN || value.is_safe() {
            return out.write_str(&plain(value)).map_err(Error::from);
        }
        out.write_str(&escape_md(&plain(value)))
            .map_err(Error::from)
    });
    environment.add_filter("time", |at: String| timestamp(&at).map(clock_time));
    environment.add_filter("hm", |at: String| timestamp(&at).map(hour_minute));
    environment.add_filter("date", |at: String| timestamp(&at).map(calendar_date));
    environment.add_filter("zone", |at: String| timestamp(&at).map(time_zone));
    environment.add_filter("talk", talk_time);
    environment.add_filter("clock", duration);
    environment.add_filter("duration", duration);
    environment.add_filter("percent", percent);
    // A block of the built-in note without its heading line, to place under
    // another heading.
    environment.add_filter("body", |block: String| {
        let body = match block.split_once('\n') {
            Some((first, rest)) if first.starts_with('#') => rest.trim_start_matches('\n'),
            _ => block.as_str(),
        };
        Value::from_safe_string(body.to_string())
    });
    environment.add_filter("signed", signed);
    environment.add_filter("attendance", |value: Value| {
        attendance(&value).map(|attendance| super::wording::presence::attendance(&attendance))
    });
    environment
}

/// How a value prints without escaping: `none` prints as nothing.
fn plain(value: &Value) -> String {
    if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    }
}

/// A `MemberAttendance` back from its serialized form.
fn attendance(value: &Value) -> Result<MemberAttendance, Error> {
    let status = match value.get_attr("status")?.as_str() {
        Some("attended") => AttendanceStatus::Attended,
        Some("absent") => AttendanceStatus::Absent,
        Some("excused") => AttendanceStatus::Excused,
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "attendance expects a member's attendance, e.g. member.attendance",
            ));
        }
    };
    let time = |field: &str| -> Result<Option<Timestamp>, Error> {
        let value = value.get_attr(field)?;
        match value.as_str() {
            Some(text) => timestamp(text).map(Some),
            None => Ok(None),
        }
    };
    Ok(MemberAttendance {
        status,
        arrived_late: time("arrived_late")?,
        left_early: time("left_early")?,
    })
}

fn timestamp(text: &str) -> Result<Timestamp, Error> {
    chrono::DateTime::parse_from_rfc3339(text).map_err(|error| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("{text:?} is not a time: {error}"),
        )
    })
}
