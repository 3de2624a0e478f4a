//! Text that lines up in columns whatever the script: widths are display cells
//! (CJK and most emoji take two), never bytes or chars.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(text: &str) -> usize {
    // Most text on screen is ASCII: one cell a byte, no table lookups.
    if text.is_ascii() {
        text.len()
    } else {
        text.width()
    }
}

/// Cuts `text` to at most `cells` display cells, ending in `…` when cut, never
/// splitting a grapheme (an accent stays on its letter, a flag stays whole).
pub fn truncate(text: &str, cells: usize) -> String {
    if width(text) <= cells {
        return text.to_string();
    }
    if text.is_ascii() {
        let mut out = text[..cells.saturating_sub(1)].to_string();
        if cells > 0 {
            out.push('…');
        }
        return out;
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w + 1 > cells {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    if cells > 0 {
        out.push('…');
    }
    out
}

/// Splits `text` into lines of at most `cells` display cells at spaces, so a
/// message can wrap under its own indent (a word longer than a line is cut).
pub fn wrap_words(text: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let word = truncate(word, cells);
        if !line.is_empty() && width(&line) + 1 + width(&word) > cells {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Truncates, then pads with spaces to exactly `cells` display cells.
pub fn fit(text: &str, cells: usize) -> String {
    let mut out = truncate(text, cells);
    let pad = cells.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Right-aligns within `cells`.
pub fn fit_right(text: &str, cells: usize) -> String {
    let cut = truncate(text, cells);
    let pad = cells.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(pad))
}

/// A bar of eighth-blocks: `share` (0..=1) of `cells` cells.
pub fn bar(share: f64, cells: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (share.clamp(0.0, 1.0) * cells as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    out.push_str(EIGHTHS[eighths % 8]);
    out
}

/// `mm:ss` under an hour, `h:mm:ss` beyond.
pub fn short_duration(millis: i64) -> String {
    let seconds = millis.max(0) / 1000;
    if seconds >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    } else {
        format!("{:02}:{:02}", seconds / 60, seconds % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_combining_text_fits_exactly() {
        for name in [
            "Ana",
            "Zoë",
            "Zoe\u{308}",
            "王小明",
            "🌻 Sunny",
            "Ngọc Ánh Trần",
        ] {
            for cells in 0..14 {
                assert_eq!(width(&fit(name, cells)), cells, "{name:?} in {cells}");
            }
        }
        assert_eq!(truncate("王小明", 5), "王小…");
        assert_eq!(truncate("Maximiliane", 5), "Maxi…");
        assert_eq!(truncate("Zoe\u{308}lle", 4), "Zoe\u{308}…");
    }

    #[test]
    fn bars_use_eighths() {
        assert_eq!(bar(0.5, 4), "██");
        assert_eq!(bar(0.5, 1), "▌");
        assert_eq!(bar(1.0 / 16.0, 1), "▏");
        assert_eq!(bar(0.0, 10), "");
    }

    #[test]
    fn words_wrap_within_the_width() {
        let lines = wrap_words("Left session 4 without ending it: Enter on it resumes", 20);
        assert_eq!(
            lines,
            [
                "Left session 4",
                "without ending it:",
                "Enter on it resumes"
            ]
        );
        assert!(lines.iter().all(|line| width(line) <= 20));
        assert_eq!(wrap_words("", 10), [""]);
        assert_eq!(wrap_words("abcdefghijkl", 5), ["abcd…"]);
    }

    #[test]
    fn durations() {
        assert_eq!(short_duration(65_000), "01:05");
        assert_eq!(short_duration(3_725_000), "1:02:05");
    }
}
