use crate::config::Config;
use crate::diag::FileError;
use crate::model::{Group, GroupType, Member, MemberId, SCHEMA_VERSION, slugify};
use crate::store::{self, Store};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct GroupNew {
    /// The group's name, e.g. "Thursday Peer Support".
    #[arg(long)]
    pub name: String,
    /// treatment, support, psycho-educational, task, community-action, socio-recreational.
    #[arg(long = "type")]
    pub kind: String,
    #[arg(long, default_value = "")]
    pub purpose: String,
    /// Default: the config's `facilitator`.
    #[arg(long)]
    pub facilitator: Option<String>,
    /// Default: the config's `co_facilitator`.
    #[arg(long)]
    pub co_facilitator: Option<String>,
    /// A member as "Full Name" or "Full Name=Alias"; repeat for each member.
    #[arg(long = "member")]
    pub members: Vec<String>,
    /// An agreed norm; repeat for each.
    #[arg(long = "norm")]
    pub norms: Vec<String>,
}

pub fn create(dir: &Path, args: GroupNew, config: &Config) -> Result<PathBuf, FileError> {
    let store = Store::create(dir)?;
    let kind = GroupType::parse(&args.kind).ok_or_else(|| FileError::Invalid {
        path: dir.to_path_buf(),
        what: format!("\"{}\" is not a group type", args.kind),
        hint: format!(
            "Use one of: {}.",
            GroupType::ALL
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })?;
    let facilitator = args.facilitator.or_else(|| config.facilitator.clone()).ok_or_else(|| {
        FileError::Invalid {
            path: dir.to_path_buf(),
            what: "no facilitator given".into(),
            hint: "Pass --facilitator \"Name\", or set `facilitator` in the config file (see `groupscribe config`).".into(),
        }
    })?;
    let mut members: Vec<Member> = Vec::new();
    for spec in &args.members {
        let (name, alias) = match spec.split_once('=') {
            Some((name, alias)) => (name.trim(), Some(alias.trim().to_string())),
            None => (spec.trim(), None),
        };
        let base = slugify(name.split_whitespace().next().unwrap_or(name));
        let mut id = base.clone();
        let mut n = 2;
        while members.iter().any(|m| m.id.as_str() == id) {
            id = format!("{base}{n}");
            n += 1;
        }
        members.push(Member {
            id: MemberId(id),
            name: name.to_string(),
            alias,
            goals: vec![],
            category: None,
            record_id: None,
            left: None,
            ..Default::default()
        });
    }
    let group = Group {
        version: SCHEMA_VERSION,
        name: args.name,
        kind,
        purpose: args.purpose,
        facilitator,
        co_facilitator: args
            .co_facilitator
            .or_else(|| config.co_facilitator.clone()),
        members,
        norms: args.norms,
        planned_sessions: None,
        note_style: None,
        ..Default::default()
    };
    store::save_new_group(&store, &group)
}
