//! A corpus-level entity index: for each canonical entity, the articles and
//! stories that mention it, its mentions by day, the spellings seen, and
//! the entities it co-occurs with. A pure data structure (serde), which the
//! store persists; adding an article twice replaces its earlier entry.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::canonical::{entity_id, Entity};
use super::skeleton::skeleton;
use super::EntityKind;

/// What the index knows about one entity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityStats {
    /// Stable id ([`entity_id`]).
    pub id: String,
    /// Kind.
    pub kind: Option<EntityKind>,
    /// Canonical name.
    pub canonical: String,
    /// Total mentions.
    pub mentions: usize,
    /// Article id → mentions in it.
    pub articles: BTreeMap<String, usize>,
    /// Story ids of those articles.
    pub stories: BTreeMap<String, usize>,
    /// Day → mentions that day.
    pub by_day: BTreeMap<NaiveDate, usize>,
    /// Surface forms seen → count.
    pub variants: BTreeMap<String, usize>,
    /// Co-occurring entity id → number of shared articles.
    pub cooccurring: BTreeMap<String, usize>,
}

/// One indexed article, kept so that re-adding it can be undone first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct ArticleEntry {
    day: Option<NaiveDate>,
    story: Option<String>,
    /// (entity id, mentions, surface forms)
    entities: Vec<(String, usize, Vec<String>)>,
}

/// The corpus entity index.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityIndex {
    entities: BTreeMap<String, EntityStats>,
    articles: BTreeMap<String, ArticleEntry>,
}

impl EntityIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether no entity is indexed.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Number of articles.
    pub fn article_count(&self) -> usize {
        self.articles.len()
    }

    /// Add (or replace) an article's entities.
    pub fn add_article(&mut self, article_id: &str, day: Option<NaiveDate>, story: Option<&str>, entities: &[Entity]) {
        self.remove_article(article_id);
        let entry = ArticleEntry {
            day,
            story: story.map(str::to_string),
            entities: entities
                .iter()
                .map(|e| (e.id.clone(), e.mentions.len(), e.mentions.iter().map(|m| m.text.clone()).collect()))
                .collect(),
        };
        for e in entities {
            let s = self.entities.entry(e.id.clone()).or_insert_with(|| EntityStats {
                id: e.id.clone(),
                kind: Some(e.kind),
                canonical: e.canonical.clone(),
                ..EntityStats::default()
            });
            let n = e.mentions.len();
            s.mentions += n;
            *s.articles.entry(article_id.to_string()).or_default() += n;
            if let Some(st) = story {
                *s.stories.entry(st.to_string()).or_default() += 1;
            }
            if let Some(d) = day {
                *s.by_day.entry(d).or_default() += n;
            }
            for m in &e.mentions {
                *s.variants.entry(m.text.clone()).or_default() += 1;
            }
            for o in entities {
                if o.id != e.id {
                    *s.cooccurring.entry(o.id.clone()).or_default() += 1;
                }
            }
        }
        self.articles.insert(article_id.to_string(), entry);
    }

    /// Remove an article's contribution (no-op if absent).
    pub fn remove_article(&mut self, article_id: &str) {
        let Some(entry) = self.articles.remove(article_id) else {
            return;
        };
        let ids: Vec<&String> = entry.entities.iter().map(|e| &e.0).collect();
        for (id, n, forms) in &entry.entities {
            let Some(s) = self.entities.get_mut(id) else {
                continue;
            };
            s.mentions = s.mentions.saturating_sub(*n);
            s.articles.remove(article_id);
            dec(&mut s.by_day, entry.day.as_ref(), *n);
            dec(&mut s.stories, entry.story.as_ref(), 1);
            for f in forms {
                dec(&mut s.variants, Some(f), 1);
            }
            for o in &ids {
                if *o != id {
                    dec(&mut s.cooccurring, Some(*o), 1);
                }
            }
            if s.articles.is_empty() {
                self.entities.remove(id);
            }
        }
    }

    /// An entity by id.
    pub fn get(&self, id: &str) -> Option<&EntityStats> {
        self.entities.get(id)
    }

    /// Entities whose canonical name, or any spelling seen, has the
    /// skeleton of `name` (`ترمب` finds `دونالد ترامب`), most mentioned
    /// first.
    pub fn lookup(&self, name: &str) -> Vec<&EntityStats> {
        let sk = skeleton(name);
        let mut out: Vec<&EntityStats> = self
            .entities
            .values()
            .filter(|s| skeleton(&s.canonical) == sk || s.variants.keys().any(|v| skeleton(v) == sk))
            .collect();
        if out.is_empty() {
            for kind in EntityKind::ALL {
                if let Some(s) = self.entities.get(&entity_id(kind, name)) {
                    out.push(s);
                }
            }
        }
        out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
        out
    }

    /// The `n` entities with the most mentions (ties by id).
    pub fn top(&self, n: usize) -> Vec<&EntityStats> {
        let mut v: Vec<&EntityStats> = self.entities.values().collect();
        v.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
        v.truncate(n);
        v
    }

    /// The `n` entities that share most articles with `id`, with counts.
    pub fn cooccurring(&self, id: &str, n: usize) -> Vec<(&EntityStats, usize)> {
        let Some(s) = self.entities.get(id) else {
            return Vec::new();
        };
        let mut v: Vec<(&EntityStats, usize)> =
            s.cooccurring.iter().filter_map(|(o, c)| self.entities.get(o).map(|e| (e, *c))).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
        v.truncate(n);
        v
    }

    /// All entities.
    pub fn iter(&self) -> impl Iterator<Item = &EntityStats> {
        self.entities.values()
    }
}

fn dec<K, Q>(map: &mut BTreeMap<K, usize>, key: Option<&Q>, n: usize)
where
    K: Ord + Clone + std::borrow::Borrow<Q>,
    Q: Ord + ?Sized,
{
    if let Some(k) = key {
        let remove = match map.get_mut(k) {
            Some(v) => {
                *v = v.saturating_sub(n);
                *v == 0
            }
            None => false,
        };
        if remove {
            map.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::canonical::{Mention, MentionVia};

    fn ent(kind: EntityKind, canonical: &str, forms: &[&str]) -> Entity {
        Entity {
            id: entity_id(kind, canonical),
            kind,
            canonical: canonical.into(),
            mentions: forms
                .iter()
                .map(|f| Mention { start: 0, end: f.len(), text: f.to_string(), via: MentionVia::Name })
                .collect(),
        }
    }

    #[test]
    fn counts_days_stories_cooccurrence_and_replacement() {
        let d1 = NaiveDate::from_ymd_opt(2025, 2, 7).unwrap();
        let d2 = NaiveDate::from_ymd_opt(2025, 2, 8).unwrap();
        let trump = ent(EntityKind::Pers, "دونالد ترامب", &["ترامب", "ترمب"]);
        let japan = ent(EntityKind::Loc, "اليابان", &["اليابان"]);
        let kim = ent(EntityKind::Pers, "كيم جونج أون", &["كيم جونغ أون"]);
        let mut ix = EntityIndex::new();
        ix.add_article("a1", Some(d1), Some("s1"), &[trump.clone(), japan.clone()]);
        ix.add_article("a2", Some(d2), Some("s1"), &[trump.clone(), kim.clone()]);
        let t = ix.get(&trump.id).unwrap();
        assert_eq!(t.mentions, 4);
        assert_eq!(t.articles.len(), 2);
        assert_eq!(t.stories["s1"], 2);
        assert_eq!(t.by_day[&d1], 2);
        assert_eq!(t.variants["ترمب"], 2);
        assert_eq!(ix.cooccurring(&trump.id, 5).len(), 2);
        assert_eq!(ix.lookup("ترمب")[0].id, trump.id);
        assert_eq!(ix.lookup("كيم جونج أون")[0].id, kim.id);
        // Re-adding replaces.
        ix.add_article("a2", Some(d2), Some("s1"), std::slice::from_ref(&trump));
        assert!(ix.get(&kim.id).is_none());
        assert_eq!(ix.get(&trump.id).unwrap().mentions, 4);
        assert_eq!(ix.get(&trump.id).unwrap().cooccurring.len(), 1);
        ix.remove_article("a1");
        ix.remove_article("a2");
        assert!(ix.is_empty());
        // Round trip through JSON.
        ix.add_article("a1", Some(d1), None, &[trump, japan]);
        let js = serde_json::to_string(&ix).unwrap();
        let back: EntityIndex = serde_json::from_str(&js).unwrap();
        assert_eq!(back.top(1)[0].canonical, "دونالد ترامب");
    }
}
