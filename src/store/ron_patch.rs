//! Edits a hand-written RON file in place, field by field, so that a save
//! keeps what the program does not model: fields it does not know, comments,
//! the worker's layout and order.
//!
//! The program serialises the value as it was read (`old`) and as it is now
//! (`new`), both as pretty RON. Only the fields whose text differs are
//! touched in the original: a changed value is replaced, a new field is
//! added at the end of its struct, a field that went back to its default
//! (and is no longer written) is removed. A list of structs (members, the
//! agenda) is patched element by element, new elements appended, so that a
//! comment on one member survives an edit of another. Everything else —
//! unknown fields, comments outside a replaced value, blank lines — is
//! copied byte for byte.
//!
//! The scanner knows RON's lexical shapes only: strings (with escapes), raw
//! strings, chars, line and (nested) block comments, brackets, and `#![...]`
//! attributes at the top. The caller checks the result by reading it back
//! and falls back to a whole rewrite if it does not read as `new`.

use std::ops::Range;

#[derive(Debug, Clone)]
struct Field {
    name: String,
    name_start: usize,
    value: Range<usize>,
    /// After the field's trailing comma, or after its value if it has none.
    entry_end: usize,
}

#[derive(Debug, Clone)]
struct Struct {
    open: usize,
    close: usize,
    fields: Vec<Field>,
}

impl Struct {
    fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// One step of a path into a value: a struct's field or a list's element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

/// The byte offset where the value at `path` starts in `text` (the field's
/// name for the last [`Step::Field`]), if the text has it.
pub fn locate(text: &str, path: &[Step<'_>]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = root_start(bytes);
    let mut found = at;
    for step in path {
        match step {
            Step::Field(name) => {
                let parsed = parse_struct(bytes, at)?;
                let field = parsed.field(name)?;
                found = field.name_start;
                at = field.value.start;
            }
            Step::Index(index) => {
                let (_, _, items) = parse_list(bytes, at)?;
                let item = items.get(*index)?;
                found = item.start;
                at = item.start;
            }
        }
    }
    Some(found)
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `original` edited so that it reads as `new` where `old` and `new` differ
/// (both pretty RON of the same type, `old` being what `original` read as).
/// `None` if the original's shape could not be followed.
pub fn patch(original: &str, old: &str, new: &str) -> Option<String> {
    let (o, p, n) = (original.as_bytes(), old.as_bytes(), new.as_bytes());
    let mut edits = Vec::new();
    patch_struct(
        Texts {
            original: o,
            old: p,
            new: n,
        },
        root_start(o),
        root_start(p),
        root_start(n),
        &mut edits,
    )?;
    edits.sort_by_key(|(range, _): &(Range<usize>, String)| std::cmp::Reverse(range.start));
    let mut text = original.to_string();
    let mut last_start = usize::MAX;
    for (range, replacement) in edits {
        if range.end > last_start {
            return None; // overlapping edits: never guess
        }
        last_start = range.start;
        text.replace_range(range, &replacement);
    }
    Some(text)
}

#[derive(Clone, Copy)]
struct Texts<'a> {
    original: &'a [u8],
    old: &'a [u8],
    new: &'a [u8],
}

type Edits = Vec<(Range<usize>, String)>;

fn patch_struct(
    texts: Texts<'_>,
    original_at: usize,
    old_at: usize,
    new_at: usize,
    edits: &mut Edits,
) -> Option<()> {
    let original = parse_struct(texts.original, original_at)?;
    let old = parse_struct(texts.old, old_at)?;
    let new = parse_struct(texts.new, new_at)?;
    let value_of = |bytes: &[u8], field: &Field| -> String {
        String::from_utf8_lossy(&bytes[field.value.clone()]).into_owned()
    };
    let written = |field: &Field| tidy(&value_of(texts.new, field));
    let inline = !texts.original[original.open..original.close].contains(&b'\n');
    let mut appended = String::new();
    for field in &new.fields {
        let new_value = value_of(texts.new, field);
        let old_field = old.field(&field.name);
        if old_field.is_some_and(|old_field| value_of(texts.old, old_field) == new_value) {
            continue;
        }
        match original.field(&field.name) {
            Some(there) => {
                // A list of structs, or a struct: patch inside, so comments
                // and unknown fields within survive.
                if let Some(old_field) = old_field
                    && patch_inside(texts, there, old_field, field, edits).is_some()
                {
                    continue;
                }
                let indent = line_indent(texts.original, there.name_start);
                let text = if inline {
                    compact(&written(field))
                } else {
                    reindent(
                        &written(field),
                        &line_indent(texts.new, field.name_start),
                        &indent,
                    )
                };
                edits.push((there.value.clone(), text));
            }
            None => {
                let text = if inline {
                    format!("{}: {}", field.name, compact(&written(field)))
                } else {
                    let indent = field_indent(texts.original, &original);
                    format!(
                        "\n{indent}{}: {}",
                        field.name,
                        reindent(
                            &written(field),
                            &line_indent(texts.new, field.name_start),
                            &indent
                        )
                    )
                };
                appended.push_str(&text);
                if inline {
                    appended.push_str(", ");
                } else {
                    appended.push(',');
                }
            }
        }
    }
    for field in &old.fields {
        if new.field(&field.name).is_none()
            && let Some(there) = original.field(&field.name)
        {
            edits.push((removal(texts.original, there), String::new()));
        }
    }
    if !appended.is_empty() {
        match original.fields.last() {
            Some(last) => {
                let has_comma = last.entry_end > last.value.end;
                let (at, text) = if inline {
                    let text = appended.trim_end_matches([',', ' ']).to_string();
                    (last.value.end, format!(", {text}"))
                } else if has_comma {
                    (last.entry_end, appended)
                } else {
                    (
                        last.value.end,
                        format!(",{}", appended.trim_end_matches(',')),
                    )
                };
                edits.push((at..at, text));
            }
            None => {
                let at = original.open + 1;
                edits.push((at..at, appended.trim_end_matches([',', ' ']).to_string()));
            }
        }
    }
    Some(())
}

/// Patches a changed field's value inside, when it is a struct or a list of
/// structs in all three texts. `None`: replace the whole value instead.
fn patch_inside(
    texts: Texts<'_>,
    original: &Field,
    old: &Field,
    new: &Field,
    edits: &mut Edits,
) -> Option<()> {
    let first = |bytes: &[u8], at: usize| bytes.get(skip_trivia(bytes, at)).copied();
    if first(texts.original, original.value.start) == Some(b'[') {
        let (_, close, items) = parse_list(texts.original, original.value.start)?;
        let (_, _, old_items) = parse_list(texts.old, old.value.start)?;
        let (_, _, new_items) = parse_list(texts.new, new.value.start)?;
        if items.len() != old_items.len() || new_items.len() < items.len() {
            return None;
        }
        // Elements must all be structs to be patched one by one.
        let is_struct =
            |bytes: &[u8], range: &Range<usize>| parse_struct(bytes, range.start).is_some();
        if !items.iter().all(|r| is_struct(texts.original, r))
            || !new_items.iter().all(|r| is_struct(texts.new, r))
        {
            return None;
        }
        let mut local = Vec::new();
        for ((there, old_item), new_item) in items.iter().zip(&old_items).zip(&new_items) {
            if texts.old[old_item.clone()] != texts.new[new_item.clone()] {
                patch_struct(
                    texts,
                    there.start,
                    old_item.start,
                    new_item.start,
                    &mut local,
                )?;
            }
        }
        let extra = &new_items[items.len()..];
        if !extra.is_empty() {
            let inline = !texts.original[original.value.clone()].contains(&b'\n');
            let mut text = String::new();
            let indent = match items.last() {
                Some(last) => line_indent(texts.original, last.start),
                None => format!("{}  ", line_indent(texts.original, original.name_start)),
            };
            for item in extra {
                let value = tidy(&String::from_utf8_lossy(&texts.new[item.clone()]));
                if inline {
                    text.push_str(&compact(&value));
                    text.push_str(", ");
                } else {
                    let from = line_indent(texts.new, item.start);
                    text.push_str(&format!("\n{indent}{},", reindent(&value, &from, &indent)));
                }
            }
            match items.last() {
                Some(last) => {
                    let after = skip_trivia(texts.original, last.end);
                    let has_comma = texts.original.get(after) == Some(&b',');
                    if inline {
                        let text = text.trim_end_matches([',', ' ']);
                        local.push((last.end..last.end, format!(", {text}")));
                    } else if has_comma {
                        local.push((after + 1..after + 1, text));
                    } else {
                        local.push((last.end..last.end, format!(",{text}")));
                    }
                }
                None => {
                    let line_start = texts.original[..close]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map(|at| at + 1);
                    let alone = line_start.is_some_and(|start| {
                        texts.original[start..close]
                            .iter()
                            .all(|b| b.is_ascii_whitespace())
                    });
                    match line_start {
                        _ if inline => local
                            .push((close..close, text.trim_end_matches([',', ' ']).to_string())),
                        // `[` and `]` on lines of their own: the items go between.
                        Some(start) if alone => local
                            .push((start..start, format!("{}\n", text.trim_start_matches('\n')))),
                        _ => {
                            let closing = line_indent(texts.original, close);
                            local.push((close..close, format!("{text}\n{closing}")));
                        }
                    }
                }
            }
        }
        edits.extend(local);
        return Some(());
    }
    if parse_struct(texts.original, original.value.start).is_some()
        && parse_struct(texts.old, old.value.start).is_some()
        && parse_struct(texts.new, new.value.start).is_some()
    {
        let mut local = Vec::new();
        patch_struct(
            texts,
            original.value.start,
            old.value.start,
            new.value.start,
            &mut local,
        )?;
        edits.extend(local);
        return Some(());
    }
    None
}

/// The range to delete for a field that is no longer written: the whole
/// line when the field stands alone on it.
fn removal(bytes: &[u8], field: &Field) -> Range<usize> {
    let mut start = field.name_start;
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    let mut end = field.entry_end;
    while end < bytes.len() && matches!(bytes[end], b' ' | b'\t') {
        end += 1;
    }
    // A comment at the end of the field's own line goes with it.
    if bytes[end..].starts_with(b"//") {
        while end < bytes.len() && bytes[end] != b'\n' {
            end += 1;
        }
    }
    if (start == 0 || bytes[start - 1] == b'\n') && bytes.get(end) == Some(&b'\n') {
        return start..end + 1;
    }
    field.name_start..field.entry_end
}

/// The indentation of the struct's fields: the last field's, else the
/// closing bracket's plus two spaces.
fn field_indent(bytes: &[u8], parsed: &Struct) -> String {
    match parsed.fields.last() {
        Some(first) => line_indent(bytes, first.name_start),
        None => format!("{}  ", line_indent(bytes, parsed.close)),
    }
}

/// The whitespace that begins the line holding `at`, if only whitespace
/// stands before `at` on it; else the line's leading whitespace anyway.
fn line_indent(bytes: &[u8], at: usize) -> String {
    let start = bytes[..at.min(bytes.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let indent: Vec<u8> = bytes[start..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .copied()
        .collect();
    String::from_utf8_lossy(&indent).into_owned()
}

/// A value as a person would write it: `Some(x)` as `x` (group files are
/// read with `implicit_some`), and inside a written struct no `field: None`
/// lines (a missing option reads as `None`). The caller reads the result
/// back, so a case this gets wrong is caught, never saved.
fn tidy(value: &str) -> String {
    let unwrap_some = |text: &str| -> Option<String> {
        let inner = text.strip_prefix("Some(")?;
        let end = skip_group(text.as_bytes(), 4)?;
        (end == text.len()).then(|| inner[..inner.len() - 1].to_string())
    };
    let value = unwrap_some(value).unwrap_or_else(|| value.to_string());
    let mut out = Vec::new();
    for line in value.split('\n') {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some((name, rest)) = trimmed.split_once(": ")
            && name.bytes().all(is_ident)
        {
            let (rest, comma) = rest.strip_suffix(',').map_or((rest, ""), |r| (r, ","));
            if rest == "None" {
                continue;
            }
            if let Some(inner) = unwrap_some(rest) {
                out.push(format!("{indent}{name}: {inner}{comma}"));
                continue;
            }
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

/// A multi-line value moved from indentation `from` to `to`.
fn reindent(value: &str, from: &str, to: &str) -> String {
    let mut lines = value.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push('\n');
        out.push_str(to);
        out.push_str(line.strip_prefix(from).unwrap_or(line.trim_start()));
    }
    out
}

/// A pretty value on one line (for a struct written on one line): RON needs
/// no newlines between tokens, and strings never hold a raw newline.
fn compact(value: &str) -> String {
    let mut out = String::new();
    for (n, line) in value.split('\n').enumerate() {
        let line = if n == 0 { line } else { line.trim_start() };
        if n > 0 && !out.ends_with(['(', '[', '{']) && !line.starts_with([')', ']', '}']) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.replace(",)", ")").replace(",]", "]").replace(",}", "}")
}

/// Where the top value starts: after `#![...]` attributes and comments.
fn root_start(bytes: &[u8]) -> usize {
    let mut at = skip_trivia(bytes, 0);
    while bytes[at..].starts_with(b"#!") {
        match bytes[at..].iter().position(|&b| b == b']') {
            Some(end) => at = skip_trivia(bytes, at + end + 1),
            None => return at,
        }
    }
    at
}

fn skip_trivia(bytes: &[u8], mut at: usize) -> usize {
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes[at..].starts_with(b"//") {
            while at < bytes.len() && bytes[at] != b'\n' {
                at += 1;
            }
        } else if bytes[at..].starts_with(b"/*") {
            let mut depth = 0usize;
            while at < bytes.len() {
                if bytes[at..].starts_with(b"/*") {
                    depth += 1;
                    at += 2;
                } else if bytes[at..].starts_with(b"*/") {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    at += 1;
                }
            }
        } else {
            return at;
        }
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A struct `Name(field: value, ...)` or `(field: value, ...)` at `at`.
fn parse_struct(bytes: &[u8], at: usize) -> Option<Struct> {
    let mut at = skip_trivia(bytes, at);
    while at < bytes.len() && is_ident(bytes[at]) {
        at += 1;
    }
    at = skip_trivia(bytes, at);
    if bytes.get(at) != Some(&b'(') {
        return None;
    }
    let open = at;
    at += 1;
    let mut fields = Vec::new();
    loop {
        at = skip_trivia(bytes, at);
        if bytes.get(at) == Some(&b')') {
            return Some(Struct {
                open,
                close: at,
                fields,
            });
        }
        let name_start = at;
        while at < bytes.len() && is_ident(bytes[at]) {
            at += 1;
        }
        if at == name_start {
            return None;
        }
        let name = String::from_utf8_lossy(&bytes[name_start..at]).into_owned();
        at = skip_trivia(bytes, at);
        if bytes.get(at) != Some(&b':') {
            return None; // a tuple, not a struct with named fields
        }
        let start = skip_trivia(bytes, at + 1);
        let end = skip_value(bytes, start)?;
        at = skip_trivia(bytes, end);
        let entry_end = if bytes.get(at) == Some(&b',') {
            at += 1;
            at
        } else {
            end
        };
        fields.push(Field {
            name,
            name_start,
            value: start..end,
            entry_end,
        });
    }
}

/// A list `[a, b, ...]` at `at`: its brackets and its items.
fn parse_list(bytes: &[u8], at: usize) -> Option<(usize, usize, Vec<Range<usize>>)> {
    let mut at = skip_trivia(bytes, at);
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    let open = at;
    at += 1;
    let mut items = Vec::new();
    loop {
        at = skip_trivia(bytes, at);
        if bytes.get(at) == Some(&b']') {
            return Some((open, at, items));
        }
        let end = skip_value(bytes, at)?;
        items.push(at..end);
        at = skip_trivia(bytes, end);
        if bytes.get(at) == Some(&b',') {
            at += 1;
        }
    }
}

/// The end of the value starting at `at`.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at)? {
        b'"' | b'\'' => skip_string(bytes, at),
        b'r' if matches!(bytes.get(at + 1), Some(b'#' | b'"')) => skip_string(bytes, at),
        b'(' | b'[' | b'{' => skip_group(bytes, at),
        b')' | b']' | b'}' | b',' => None,
        _ => {
            let mut end = at;
            while end < bytes.len()
                && !bytes[end].is_ascii_whitespace()
                && !matches!(
                    bytes[end],
                    b',' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'/'
                )
            {
                end += 1;
            }
            if end == at {
                return None;
            }
            let after = skip_trivia(bytes, end);
            if bytes.get(after) == Some(&b'(') {
                return skip_group(bytes, after);
            }
            Some(end)
        }
    }
}

/// The end of a string, raw string or char starting at `at`.
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes[at] == b'r' {
        let mut hashes = 0;
        let mut i = at + 1;
        while bytes.get(i) == Some(&b'#') {
            hashes += 1;
            i += 1;
        }
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        i += 1;
        loop {
            if *bytes.get(i)? == b'"'
                && bytes.len() >= i + 1 + hashes
                && bytes[i + 1..i + 1 + hashes].iter().all(|&b| b == b'#')
            {
                return Some(i + 1 + hashes);
            }
            i += 1;
        }
    }
    let quote = bytes[at];
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The end of a bracketed group starting at `at` (strings and comments inside skipped).
fn skip_group(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => i = skip_string(bytes, i)?,
            b'r' if matches!(bytes.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !is_ident(bytes[i - 1])) =>
            {
                i = skip_string(bytes, i)?
            }
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => i = skip_trivia(bytes, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = r#"#![enable(implicit_some)]
// The group file, written by hand.
(
  version: 1,
  name: "G", // the name on the notes
  colour: "teal", /* a field groupscribe does not know */
  members: [
    // Ana came from the clinic.
    (id: "ana", name: "Ana", badge: 7),
    (
      id: "ben",
      name: "Ben",
      goals: ["Sleep"], // agreed at intake
    ),
  ],
)
"#;

    #[test]
    fn a_changed_field_is_replaced_and_everything_else_is_kept() {
        let old = "(\n  version: 1,\n  name: \"G\",\n  members: [\n    (\n      id: \"ana\",\n      name: \"Ana\",\n    ),\n    (\n      id: \"ben\",\n      name: \"Ben\",\n      goals: [\n        \"Sleep\",\n      ],\n    ),\n  ],\n)\n";
        let new = "(\n  version: 1,\n  name: \"Group\",\n  members: [\n    (\n      id: \"ana\",\n      name: \"Ana\",\n      left: \"2026-12-01\",\n    ),\n    (\n      id: \"ben\",\n      name: \"Ben\",\n    ),\n    (\n      id: \"cy\",\n      name: \"Cy\",\n    ),\n  ],\n  place: \"Room 4\",\n)\n";
        let patched = patch(ORIGINAL, old, new).unwrap();
        for kept in [
            "#![enable(implicit_some)]",
            "// The group file, written by hand.",
            "// the name on the notes",
            "colour: \"teal\", /* a field groupscribe does not know */",
            "// Ana came from the clinic.",
            "badge: 7",
        ] {
            assert!(patched.contains(kept), "lost {kept:?}:\n{patched}");
        }
        assert!(
            patched.contains("name: \"Group\", // the name"),
            "{patched}"
        );
        assert!(
            patched.contains("(id: \"ana\", name: \"Ana\", badge: 7, left: \"2026-12-01\")"),
            "{patched}"
        );
        assert!(
            !patched.contains("Sleep"),
            "a goal removed is gone:\n{patched}"
        );
        assert!(!patched.contains("agreed at intake"), "{patched}");
        assert!(patched.contains("id: \"cy\""), "{patched}");
        assert!(patched.contains("\n  place: \"Room 4\",\n)"), "{patched}");
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct M {
            id: String,
            #[serde(default)]
            left: Option<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        struct G {
            name: String,
            members: Vec<M>,
            place: Option<String>,
        }
        let options = ron::Options::default();
        let read: G = options.from_str(&patched).unwrap();
        assert_eq!(read.name, "Group");
        assert_eq!(read.members.len(), 3);
        assert_eq!(read.members[0].left.as_deref(), Some("2026-12-01"));
        assert_eq!(read.place.as_deref(), Some("Room 4"));
    }

    #[test]
    fn an_item_added_to_an_empty_list_goes_between_its_brackets() {
        let original = "(\n  members: [\n  ],\n)\n";
        let old = "(\n  members: [],\n)\n";
        let new = "(\n  members: [\n    (\n      id: \"b\",\n    ),\n  ],\n)\n";
        assert_eq!(
            patch(original, old, new).as_deref(),
            Some("(\n  members: [\n    (\n      id: \"b\",\n    ),\n  ],\n)\n")
        );
        let one_line = "(members: [])";
        assert_eq!(
            patch(one_line, old, new).as_deref(),
            Some("(members: [(id: \"b\")])")
        );
    }

    #[test]
    fn nothing_changed_is_the_same_text() {
        let same = "(\n  version: 1,\n)\n";
        assert_eq!(patch(ORIGINAL, same, same).as_deref(), Some(ORIGINAL));
    }

    #[test]
    fn the_scanner_skips_strings_and_comments_that_look_like_structure() {
        let text =
            "( a: \"x), b: (\", b: r#\"]\"#, /* c: 1 ) */ c: [1, // ]\n 2], d: Some((e: 'x')) )";
        let parsed = parse_struct(text.as_bytes(), 0).unwrap();
        let names: Vec<&str> = parsed.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
        let offset = locate(text, &[Step::Field("c")]).unwrap();
        assert_eq!(&text[offset..offset + 2], "c:");
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert!(parse_struct(b"(a: \"unterminated)", 0).is_none());
        assert!(parse_struct(b"(a: (1, 2)", 0).is_none());
    }

    #[test]
    fn locate_finds_a_member_field() {
        let at = locate(
            ORIGINAL,
            &[Step::Field("members"), Step::Index(1), Step::Field("goals")],
        )
        .unwrap();
        assert_eq!(line_col(ORIGINAL, at), (13, 7));
    }
}
