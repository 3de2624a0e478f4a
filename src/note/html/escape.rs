//! Making user-typed text safe to place in the HTML note.
//!
//! Names, norms and notes are typed freely while a group runs; a member
//! called `<script>` or `"Jo" & co` must read exactly as typed and never
//! become markup, close an attribute or start a script. Every piece of user
//! text in the HTML note passes through [`escape_html`] (element text,
//! including SVG `<title>` and `<text>`) or [`escape_attr`] (a double- or
//! single-quoted attribute value). Nothing user-typed is ever placed in a
//! tag name, an attribute name, a URL, `<style>` or `<script>`.

/// Escapes text for an element's content: `&`, `<` and `>` become entities,
/// and so do both quotes, so that the same text is also safe in a quoted
/// attribute. Control characters (which HTML forbids, and which could drive
/// a terminal the file is printed to) become spaces; line breaks and tabs stay,
/// as the browser folds them into spaces itself.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\n' | '\t' => escaped.push(c),
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Escapes text for a quoted attribute value (`aria-label`, `data-…`):
/// everything [`escape_html`] does, with line breaks and runs of white space
/// folded onto one line, as an attribute is read as one line anyway.
pub fn escape_attr(text: &str) -> String {
    escape_html(&crate::note::one_line(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(escape_html("Ana María Ruiz"), "Ana María Ruiz");
        assert_eq!(escape_html("04:00 · 28.2%"), "04:00 · 28.2%");
    }

    #[test]
    fn markup_cannot_be_injected_into_element_text() {
        assert_eq!(
            escape_html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape_html("<!-- x -->"), "&lt;!-- x --&gt;");
        assert_eq!(
            escape_html("]]><svg onload=x>"),
            "]]&gt;&lt;svg onload=x&gt;"
        );
    }

    #[test]
    fn ampersands_are_escaped_first_and_only_once() {
        assert_eq!(escape_html("Tom & Jerry"), "Tom &amp; Jerry");
        assert_eq!(
            escape_html("&amp;"),
            "&amp;amp;",
            "an entity typed stays text"
        );
        assert_eq!(escape_html("&lt;b&gt;"), "&amp;lt;b&amp;gt;");
    }

    #[test]
    fn quotes_cannot_close_an_attribute_of_either_kind() {
        assert_eq!(
            escape_attr("x\" onmouseover=\"alert(1)"),
            "x&quot; onmouseover=&quot;alert(1)"
        );
        assert_eq!(escape_attr("it's"), "it&#39;s");
        let attribute = format!("<rect aria-label=\"{}\">", escape_attr("\"><b>&'"));
        assert_eq!(
            attribute,
            "<rect aria-label=\"&quot;&gt;&lt;b&gt;&amp;&#39;\">"
        );
    }

    #[test]
    fn attributes_are_one_line() {
        assert_eq!(
            escape_attr("first\nsecond\r\n\tthird  "),
            "first second third"
        );
    }

    #[test]
    fn control_characters_become_spaces_but_line_breaks_stay_in_text() {
        assert_eq!(escape_html("red\u{1b}[31m\u{0}x"), "red [31m x");
        assert_eq!(escape_html("one\ntwo\tthree"), "one\ntwo\tthree");
    }
}
