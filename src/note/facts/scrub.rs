//! Keeping names out of free text.
//!
//! Facilitators type what they see ("Ben offered Ana a lift"). A member's own
//! entry must not name other members, and a redacted note must hold no full
//! name, so free text is passed through a [`Scrubber`] before it is placed
//! there. Matching is by whole word and ignores case; it errs on the side of
//! removing too much (a member called "Will" also removes the word "will").

use std::collections::HashMap;

/// Replaces whole-word occurrences of names with a stand-in.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    /// (pattern, case-folded, in characters; replacement), longest pattern
    /// first so that a full name is replaced as one, not word by word.
    patterns: Vec<(Vec<char>, String)>,
    /// Positions in `patterns` by first character, in the same order, so
    /// that each place in a text tries only the patterns that could match.
    by_first: HashMap<char, Vec<usize>>,
}

/// Case folding one character to one character keeps positions in the text
/// and in its folded copy aligned; the rare letters whose lowercase is longer
/// keep their first character, which is enough to recognise a name.
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

impl Scrubber {
    pub fn new() -> Scrubber {
        Scrubber::default()
    }

    /// Adds one pattern; empty or one-letter patterns are ignored, as they
    /// would remove ordinary words ("a", "I").
    pub fn replace(&mut self, pattern: &str, replacement: &str) {
        let chars: Vec<char> = pattern.trim().chars().map(fold).collect();
        if chars.iter().filter(|c| c.is_alphanumeric()).count() < 2 {
            return;
        }
        if self.patterns.iter().any(|(known, _)| *known == chars) {
            return;
        }
        let at = self
            .patterns
            .partition_point(|(known, _)| known.len() >= chars.len());
        self.patterns.insert(at, (chars, replacement.to_string()));
        self.by_first.clear();
        for (position, (pattern, _)) in self.patterns.iter().enumerate() {
            if let Some(first) = pattern.first() {
                self.by_first.entry(*first).or_default().push(position);
            }
        }
    }

    /// Every way a member may be written: full name, each word of it, alias,
    /// initials, id, and the name as the note shows it.
    pub fn replace_person(&mut self, spellings: &[&str], replacement: &str) {
        for spelling in spellings {
            self.replace(spelling, replacement);
            for word in spelling.split_whitespace() {
                self.replace(word, replacement);
            }
        }
    }

    pub fn scrub(&self, text: &str) -> String {
        if self.patterns.is_empty() {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<char> = chars.iter().copied().map(fold).collect();
        let mut out = String::with_capacity(text.len());
        let mut index = 0;
        'scan: while index < chars.len() {
            let at_word_start = index == 0 || !chars[index - 1].is_alphanumeric();
            let candidates = self
                .by_first
                .get(&folded[index])
                .map_or(&[][..], Vec::as_slice);
            for &position in candidates {
                let (pattern, replacement) = &self.patterns[position];
                let starts_with_letter = pattern.first().is_some_and(|c| c.is_alphanumeric());
                if starts_with_letter && !at_word_start {
                    continue;
                }
                if matches_at(&folded, index, pattern) {
                    out.push_str(replacement);
                    index += pattern.len();
                    continue 'scan;
                }
            }
            out.push(chars[index]);
            index += 1;
        }
        out
    }
}

/// The folded pattern matches the folded text at `index` and does not run on
/// into a longer word.
fn matches_at(folded: &[char], index: usize, pattern: &[char]) -> bool {
    let Some(candidate) = folded.get(index..index + pattern.len()) else {
        return false;
    };
    let ends_with_letter = pattern.last().is_some_and(|c| c.is_alphanumeric());
    let runs_on = ends_with_letter
        && folded
            .get(index + pattern.len())
            .is_some_and(|c| c.is_alphanumeric());
    candidate == pattern && !runs_on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber() -> Scrubber {
        let mut scrubber = Scrubber::new();
        scrubber.replace_person(&["Ben Tal", "Ben T.", "B.T.", "ben"], "another member");
        scrubber
    }

    #[test]
    fn names_in_any_spelling_are_replaced() {
        let s = scrubber();
        assert_eq!(
            s.scrub("Ben offered Ana a lift"),
            "another member offered Ana a lift"
        );
        assert_eq!(
            s.scrub("BEN TAL said so; b.t. agreed"),
            "another member said so; another member agreed"
        );
        assert_eq!(s.scrub("asked Tal."), "asked another member.");
    }

    #[test]
    fn words_that_merely_contain_a_name_stay() {
        let s = scrubber();
        assert_eq!(s.scrub("Benjamin was benign"), "Benjamin was benign");
        assert_eq!(s.scrub("a total"), "a total");
    }

    #[test]
    fn one_letter_patterns_are_ignored() {
        let mut s = Scrubber::new();
        s.replace_person(&["A"], "x");
        assert_eq!(s.scrub("a cat"), "a cat");
    }
}
