//! The participation figures retold in a few plain sentences, as a worker
//! would write them: "Seven of eight members attended. Talk was somewhat
//! uneven among the members (Gini 0.31): Ana R. held 34.0% of member talk;
//! Eli S. and Gus W. did not speak. 42.0% of transitions went directly from
//! member to member."

use super::context::Context;
use super::participation::{ParticipationFacts, SpeakerRole};
use crate::note::display::{capitalised, percent};

pub fn participation(ctx: &Context<'_>, facts: &ParticipationFacts) -> String {
    let roster = ctx.group.members.len();
    let attended = ctx
        .group
        .members
        .iter()
        .filter(|member| ctx.attended(&member.id))
        .count();
    let mut sentences = vec![attendance_sentence(attended, roster)];
    if facts.all_talk == 0 {
        sentences.push("Nobody held the floor.".into());
    } else if attended > 0 || facts.member_talk > 0 {
        sentences.push(talk_sentence(facts, attended, true));
    }
    // With fewer than two members, no turn can pass from member to member.
    if let Some(share) = facts.transitions.share.filter(|_| attended >= 2) {
        sentences.push(format!(
            "{} of transitions between speakers ({} of {}) went directly from member to member.",
            percent(share),
            facts.transitions.member_to_member,
            facts.transitions.total
        ));
    }
    if let Some(share) = facts.facilitator_share {
        let who = if ctx.names.co_facilitator().is_some() {
            "The facilitators"
        } else {
            "The facilitator"
        };
        sentences.push(format!("{who} held {} of all talk.", percent(share)));
    }
    sentences.join(" ")
}

/// The body's one or two sentences on participation: how evenly members
/// spoke and who held the floor, the figures being in the appendix.
pub fn summary(ctx: &Context<'_>, facts: &ParticipationFacts) -> String {
    let attended = ctx
        .group
        .members
        .iter()
        .filter(|member| ctx.attended(&member.id))
        .count();
    let mut sentences = Vec::new();
    if facts.all_talk == 0 {
        sentences.push("Nobody held the floor.".to_string());
    } else if attended > 0 || facts.member_talk > 0 {
        sentences.push(talk_sentence(facts, attended, false));
    }
    if let Some(share) = facts.facilitator_share {
        let who = if ctx.names.co_facilitator().is_some() {
            "The facilitators"
        } else {
            "The facilitator"
        };
        sentences.push(format!(
            "{who} held {} of all talk; the figures are in the appendix.",
            percent(share)
        ));
    }
    sentences.join(" ")
}

fn attendance_sentence(attended: usize, roster: usize) -> String {
    match (attended, roster) {
        (_, 0) => "No members are on the roster.".into(),
        (1, 1) => "The group's one member attended.".into(),
        (0, 1) => "The group's one member did not attend.".into(),
        (all, roster) if all == roster => format!("All {} members attended.", number(roster)),
        (attended, roster) => format!(
            "{} of {} members attended.",
            capitalised(&number(attended)),
            number(roster)
        ),
    }
}

fn talk_sentence(facts: &ParticipationFacts, attended: usize, gini_figure: bool) -> String {
    if facts.member_talk == 0 {
        return "No member spoke.".into();
    }
    let top = facts
        .speakers
        .iter()
        .filter(|row| row.role == SpeakerRole::Member || row.role == SpeakerRole::NotOnRoster)
        .filter_map(|row| row.share_of_member_talk.map(|share| (row, share)))
        .fold(None, |best: Option<(&_, f64)>, (row, share)| match best {
            Some((_, best_share)) if best_share >= share => best,
            _ => Some((row, share)),
        });
    let mut sentence = match (facts.equity.gini, facts.equity.reading, top) {
        (Some(gini), Some(reading), Some((row, share))) if gini_figure => format!(
            "{} (Gini {gini:.2}). {} held {} of member talk",
            capitalised(reading),
            row.name,
            percent(share)
        ),
        (Some(_), Some(reading), Some((row, share))) => format!(
            "{0}; the largest share of member talk, {2}, was {1}'s",
            capitalised(reading),
            row.name,
            percent(share)
        ),
        (_, _, Some((row, _))) if attended <= 1 => {
            format!("{} held all the member talk", row.name)
        }
        (_, _, Some((row, share))) => {
            format!("{} held {} of member talk", row.name, percent(share))
        }
        _ => "Members spoke".into(),
    };
    let silent: Vec<&str> = names_where(facts, true);
    let little: Vec<&str> = names_where(facts, false);
    if !silent.is_empty() {
        sentence.push_str(&format!("; {} did not speak", list(&silent)));
    }
    if !little.is_empty() {
        sentence.push_str(&format!("; {} spoke little", list(&little)));
    }
    sentence.push('.');
    sentence
}

fn names_where(facts: &ParticipationFacts, silent: bool) -> Vec<&str> {
    facts
        .quiet
        .iter()
        .filter(|quiet| quiet.silent == silent)
        .map(|quiet| quiet.name.as_str())
        .collect()
}

/// "A", "A and B", "A, B and C".
pub fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Small counts read better as words.
pub fn number(n: usize) -> String {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |word| (*word).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_numbers_read_as_words() {
        assert_eq!(list(&["A"]), "A");
        assert_eq!(list(&["A", "B"]), "A and B");
        assert_eq!(list(&["A", "B", "C"]), "A, B and C");
        assert_eq!(number(7), "seven");
        assert_eq!(number(21), "21");
        assert_eq!(capitalised("seven"), "Seven");
    }

    #[test]
    fn attendance_reads_naturally() {
        assert_eq!(
            attendance_sentence(7, 8),
            "Seven of eight members attended."
        );
        assert_eq!(attendance_sentence(3, 3), "All three members attended.");
        assert_eq!(
            attendance_sentence(1, 1),
            "The group's one member attended."
        );
        assert_eq!(attendance_sentence(0, 0), "No members are on the roster.");
    }
}
