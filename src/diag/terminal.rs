//! User text on its way to a terminal: names, labels, file ids, free text and
//! the file text an error quotes may hold escape sequences (ANSI CSI, OSC
//! title or hyperlink, a bell, C1 controls) that a terminal would obey. Every
//! place that prints such text to a terminal passes it through [`printable`].
//! (The TUI draws through ratatui, whose cells drop control characters: see
//! tests/hostile.rs.)

use std::borrow::Cow;

/// What a control character is shown as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Would `c` be obeyed by a terminal, or reorder the text around it? C0 (but
/// newline and tab), DEL, C1, and the bidirectional overrides and isolates.
pub fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character replaced by U+FFFD, so an escape
/// sequence shows as text instead of acting; newlines and tabs are kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_hostile(c) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// The same for one line: a newline or tab becomes a space too.
pub fn printable_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_hostile(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' => ' ',
                c if is_hostile(c) => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_bells_and_c1_controls_never_pass() {
        for hostile in [
            "\u{1b}[31mred\u{1b}[0m",
            "\u{1b}]0;title\u{7}",
            "\u{1b}]8;;http://x\u{1b}\\link",
            "\u{9b}31m",
            "bell\u{7}",
            "nul\0",
            "back\u{8}space",
            "cr\rover",
            "del\u{7f}",
            "\u{202e}desrever",
        ] {
            let shown = printable(hostile);
            assert!(!shown.chars().any(is_hostile), "{hostile:?} -> {shown:?}");
            assert!(shown.contains(REPLACEMENT), "{hostile:?} -> {shown:?}");
        }
    }

    #[test]
    fn ordinary_text_is_borrowed_as_it_is() {
        let text = "Ana Ruiz — «tea» 👩‍👩‍👧\n\tsecond line";
        assert!(matches!(printable(text), Cow::Borrowed(t) if t == text));
        assert_eq!(printable_line("a\nb\tc"), "a b c");
        assert_eq!(printable_line("x\u{1b}y"), "x\u{FFFD}y");
    }
}
