//! Making user-typed text (names, norms, notes) safe to place in a note.
//!
//! Facilitators type freely while the group runs; a member called `*Jo*`, a note
//! with a line break, or a norm like `<phones away>` must read exactly as typed,
//! never turn into emphasis, HTML, a new list item or a broken table row.

/// Collapses text onto one line: line breaks, tabs and other control characters
/// become single spaces, and the ends are trimmed.
///
/// Every place a note shows user text (a list item, a table cell, a timeline
/// line) is a single line, and control characters could also drive a terminal
/// that prints the timeline.
pub fn one_line(text: &str) -> String {
    let without_controls: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    without_controls
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes user text for use inside one line of CommonMark (with GitHub's pipe
/// tables): in a heading, a list item or a table cell, including at the start
/// of a line. The result renders as the original text, flattened by
/// [`one_line`].
pub fn escape_md(text: &str) -> String {
    let flat = one_line(text);
    let mut escaped = String::with_capacity(flat.len() + flat.len() / 4);
    let mut leading_digits = true;
    let mut chars = flat.chars().enumerate().peekable();
    while let Some((index, c)) = chars.next() {
        let starts_block = index == 0 && is_block_marker_at_line_start(c);
        // "1. " or "2)" at the start of a line would begin an ordered list;
        // "21.2%" would not, and reads better unescaped.
        let ends_list_number = leading_digits
            && index > 0
            && (c == '.' || c == ')')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if is_special_inline(c) || starts_block || ends_list_number {
            escaped.push('\\');
        }
        leading_digits = leading_digits && c.is_ascii_digit();
        escaped.push(c);
    }
    escaped
}

/// Characters that can mean something anywhere in a line. Backslash-escaping
/// any ASCII punctuation is always allowed in CommonMark, so escaping a few too
/// many is harmless; missing one is not.
fn is_special_inline(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
    )
}

/// Characters that only mean something as the first of a line: list bullets
/// and setext heading underlines.
fn is_block_marker_at_line_start(c: char) -> bool {
    matches!(c, '-' | '+' | '=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(escape_md("Ana María Ruiz"), "Ana María Ruiz");
        assert_eq!(
            escape_md("talked about a lift (to work), 3 days a week."),
            "talked about a lift (to work), 3 days a week."
        );
    }

    #[test]
    fn emphasis_and_code_markers_are_escaped() {
        assert_eq!(escape_md("*Jo*"), r"\*Jo\*");
        assert_eq!(escape_md("snake_case_name"), r"snake\_case\_name");
        assert_eq!(escape_md("`rm -rf`"), r"\`rm -rf\`");
        assert_eq!(escape_md("~~gone~~"), r"\~\~gone\~\~");
    }

    #[test]
    fn links_html_and_entities_are_escaped() {
        assert_eq!(escape_md("[click](http://x)"), r"\[click\](http://x)");
        assert_eq!(escape_md("![img](x.png)"), r"!\[img\](x.png)");
        assert_eq!(escape_md("<script>"), r"\<script\>");
        assert_eq!(escape_md("&amp;"), r"\&amp;");
    }

    #[test]
    fn table_pipes_and_backslashes_are_escaped() {
        assert_eq!(escape_md("a | b"), r"a \| b");
        assert_eq!(escape_md(r"C:\new"), r"C:\\new");
    }

    #[test]
    fn line_start_markers_are_escaped() {
        assert_eq!(escape_md("# not a heading"), r"\# not a heading");
        assert_eq!(escape_md("- not a bullet"), r"\- not a bullet");
        assert_eq!(escape_md("+1 for that"), r"\+1 for that");
        assert_eq!(escape_md("=="), r"\==");
        assert_eq!(escape_md("> quote"), r"\> quote");
        assert_eq!(escape_md("12. not a list"), r"12\. not a list");
        assert_eq!(escape_md("3) not a list"), r"3\) not a list");
        assert_eq!(escape_md("7."), r"7\.");
        assert_eq!(escape_md("21.2% of talk"), "21.2% of talk");
    }

    #[test]
    fn markers_inside_a_line_stay_readable() {
        assert_eq!(escape_md("well-being"), "well-being");
        assert_eq!(escape_md("on 12.3."), "on 12.3.");
        assert_eq!(escape_md("step 1. then"), "step 1. then");
        assert_eq!(escape_md("room #4"), r"room \#4");
    }

    #[test]
    fn line_breaks_in_notes_become_spaces() {
        assert_eq!(
            escape_md("first line\nsecond\r\n\r\nthird"),
            "first line second third"
        );
        assert_eq!(
            escape_md("\n# heading after a break"),
            r"\# heading after a break"
        );
        assert_eq!(escape_md("  padded\t"), "padded");
    }

    #[test]
    fn control_characters_cannot_reach_a_terminal() {
        assert_eq!(one_line("red\u{1b}[31m text\u{0}"), "red [31m text");
    }
}
