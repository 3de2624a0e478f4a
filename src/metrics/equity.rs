//! How evenly talk is spread over the members present, who spoke little, and how
//! self-described categories of members share the talk.

use super::{Millis, Participation, Presence};
use crate::model::{Group, Member};

/// Gini coefficient of talk times: 0 when everyone talked equally, towards 1 when
/// one person did all the talking. `None` for fewer than two members, or no talk.
///
/// G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), over the members present (silent ones count as 0).
pub fn gini(talk: &[Millis]) -> Option<f64> {
    let n = talk.len();
    let total: i128 = talk.iter().map(|&t| i128::from(t)).sum();
    if n < 2 || total == 0 {
        return None;
    }
    let mut sorted: Vec<i128> = talk.iter().map(|&t| i128::from(t)).collect();
    sorted.sort_unstable();
    // With sorted values, Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n + 1) xᵢ (i from 0).
    let weighted: i128 = sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| (2 * i as i128 - n as i128 + 1) * x)
        .sum();
    Some(weighted as f64 / (n as f64 * total as f64))
}

/// A plain-language reading of a Gini coefficient for the note.
pub fn gini_reading(gini: f64) -> &'static str {
    match gini {
        g if g < 0.2 => "talk was spread evenly among the members",
        g if g < 0.35 => "talk was somewhat uneven among the members",
        g if g < 0.5 => "talk was uneven: a few members held most of it",
        _ => "talk was very uneven: one or two members held most of it",
    }
}

/// Members who were in the room at some point.
pub fn attending<'g>(group: &'g Group, participation: &Participation) -> Vec<&'g Member> {
    members_whose(group, participation, Presence::attended)
}

/// Members in the room now (not left, not absent).
pub fn here_now<'g>(group: &'g Group, participation: &Participation) -> Vec<&'g Member> {
    members_whose(group, participation, Presence::is_here)
}

fn members_whose<'g>(
    group: &'g Group,
    participation: &Participation,
    presence_is: fn(Presence) -> bool,
) -> Vec<&'g Member> {
    group
        .members
        .iter()
        .filter(|m| {
            participation
                .presence
                .get(&m.id)
                .copied()
                .is_none_or(presence_is)
        })
        .collect()
}

/// Gini over the talk time of the members who attended.
pub fn member_gini(group: &Group, participation: &Participation) -> Option<f64> {
    let talk: Vec<Millis> = attending(group, participation)
        .iter()
        .map(|m| {
            participation
                .total
                .member_stats(&m.id)
                .map_or(0, |s| s.talk)
        })
        .collect();
    gini(&talk)
}

/// Attending members who did not speak, or who had little of the talk.
pub fn quiet_members<'g>(group: &'g Group, participation: &Participation) -> Vec<&'g Member> {
    quiet_among(attending(group, participation), participation)
}

/// Of `members`, those who did not speak, or who had less than a third of an equal
/// share once members together have talked for at least a minute.
pub fn quiet_among<'g>(members: Vec<&'g Member>, participation: &Participation) -> Vec<&'g Member> {
    let member_talk = participation.total.member_talk();
    let fair_share = member_talk / members.len().max(1) as i64;
    members
        .into_iter()
        .filter(|m| {
            let talk = participation
                .total
                .member_stats(&m.id)
                .map_or(0, |s| s.talk);
            talk == 0 || (member_talk >= 60_000 && talk * 3 < fair_share)
        })
        .collect()
}

/// A self-described category's share of member talk beside its share of the
/// members who attended.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryShare {
    pub category: String,
    pub members: usize,
    pub share_of_people: f64,
    pub share_of_talk: f64,
}

/// Only members with a category count; `None` when no attending member has one.
pub fn category_shares(group: &Group, participation: &Participation) -> Option<Vec<CategoryShare>> {
    let present: Vec<&Member> = attending(group, participation)
        .into_iter()
        .filter(|m| m.category.is_some())
        .collect();
    if present.is_empty() {
        return None;
    }
    let talk_of = |m: &Member| {
        participation
            .total
            .member_stats(&m.id)
            .map_or(0, |s| s.talk)
    };
    let total_talk: Millis = present.iter().map(|m| talk_of(m)).sum();
    let mut categories: Vec<String> = present.iter().filter_map(|m| m.category.clone()).collect();
    categories.sort();
    categories.dedup();
    Some(
        categories
            .into_iter()
            .map(|category| {
                let in_category: Vec<&&Member> = present
                    .iter()
                    .filter(|m| m.category.as_deref() == Some(&category))
                    .collect();
                let talk: Millis = in_category.iter().map(|m| talk_of(m)).sum();
                CategoryShare {
                    members: in_category.len(),
                    share_of_people: in_category.len() as f64 / present.len() as f64,
                    share_of_talk: if total_talk > 0 {
                        talk as f64 / total_talk as f64
                    } else {
                        0.0
                    },
                    category,
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_equal_talk_is_zero_and_of_one_talker_is_high() {
        assert_eq!(gini(&[10, 10, 10, 10]), Some(0.0));
        // One of four holds everything: (n-1)/n = 0.75.
        assert_eq!(gini(&[0, 0, 0, 100]), Some(0.75));
        assert_eq!(gini(&[5]), None);
        assert_eq!(gini(&[0, 0]), None);
    }

    #[test]
    fn gini_matches_the_double_sum_definition() {
        let talk = [3_000, 45_000, 0, 12_500, 7_000];
        let n = talk.len() as f64;
        let mean = talk.iter().sum::<i64>() as f64 / n;
        let double_sum: f64 = talk
            .iter()
            .flat_map(|a| talk.iter().map(move |b| (a - b).abs() as f64))
            .sum();
        let expected = double_sum / (2.0 * n * n * mean);
        let got = gini(&talk).unwrap();
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    }

    #[test]
    fn readings_cover_the_range() {
        assert!(gini_reading(0.1).contains("evenly"));
        assert!(gini_reading(0.6).contains("very uneven"));
    }
}
