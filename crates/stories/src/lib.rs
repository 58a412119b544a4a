//! marsad's story map: which articles are copies of one another, which
//! report the same event, what is new, and what is related.
//!
//! - [`minhash`]: MinHash signatures over word shingles and a banded LSH
//!   index — near-duplicate ("same report") candidates in sub-linear time.
//! - [`features`]: title-weighted TF-IDF vectors over marsad's Arabic light
//!   stems.
//! - [`cluster`]: the online pass in publication order — near-duplicate
//!   groups, story clustering with a time window, merges, novelty,
//!   storylines, timelines, growth and related articles.
//! - [`eval`]: scores against hand-labelled pairs.
//!
//! Updates: an input may carry [`Placed`] — where an earlier build put it.
//! Such an article keeps its story, group and verdict and only feeds the
//! state; the others are decided as in a full build. Feeding the articles
//! of the stories still open plus the new ones updates a stored map at a
//! cost that follows the new articles and the open stories, not the whole
//! history ([`StoryMap::removed_stories`] names the stories a bridge merged
//! away).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use marsad_stories::{build, Config, StoryInput, Verdict};
//!
//! let t = |h| Utc.with_ymd_and_hms(2025, 4, 1, h, 0, 0).unwrap();
//! let wire = "ضرب زلزال بقوة ست درجات مدينة ملاطية شرق تركيا صباح اليوم وأعلنت السلطات وفاة ثلاثة أشخاص وإصابة العشرات";
//! let inputs = vec![
//!     StoryInput { id: "a".into(), time: t(8), source: "wakala".into(), title: "زلزال يضرب ملاطية".into(), body: wire.into(), ..Default::default() },
//!     StoryInput { id: "b".into(), time: t(9), source: "almarfa".into(), title: "زلزال قوي في ملاطية".into(), body: format!("{wire} وفق الوكالة"), ..Default::default() },
//!     StoryInput { id: "c".into(), time: t(10), source: "alwadi".into(), title: "الهلال يفوز على الاتحاد".into(),
//!                  body: "فاز الهلال على الاتحاد بهدفين دون رد في الجولة السادسة والعشرين من الدوري".into(), ..Default::default() },
//! ];
//! let map = build(&inputs, &Config::default());
//! assert_eq!(map.articles[1].verdict, Verdict::Copy { of: "a".into() });
//! assert_eq!(map.story_of("a"), map.story_of("b"));
//! assert_ne!(map.story_of("a"), map.story_of("c"));
//! ```
#![warn(missing_docs)]

pub mod cluster;
pub mod eval;
pub mod features;
pub mod minhash;

pub use cluster::{build, ArticleStory, Config, DupGroup, Placed, Story, StoryInput, StoryMap, TimelineEntry, Verdict};
pub use eval::{score_pairs, LabelledPair, PairScores};
