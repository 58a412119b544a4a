//! The analysis stage of the pipeline: entities, time expressions, quotes
//! and repeated statements for every stored article that has none yet, on
//! all cores, stored with their indexes (entities, quotes).

use anyhow::Result;
use marsad_analyze::article::analyze_article_with;
use marsad_analyze::entities::person_names::PERSON_NAMES_VERSION;
use marsad_analyze::keywords::KeywordModel;
use marsad_extract::learn::{LearnParams, Learner};
use marsad_model::Article;
use marsad_store::{AnalysisRecord, EntityMention, QuoteMention, Store};
use std::path::Path;

/// Give the C heap's free pages back to the system after a stage that built
/// large tables and dropped them (the story build, the analysis batches).
/// marsad's own allocations go through mimalloc, which returns free memory
/// by itself; SQLite's go through glibc's malloc, which keeps freed memory
/// in its arenas until asked. Elsewhere a no-op.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks and trims the allocator's own free
    // lists; it takes no pointer and is safe to call at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn label<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn record(a: &Article, model: &KeywordModel) -> AnalysisRecord {
    let an = analyze_article_with(a, model);
    // The analysis text is the headline, a line break, then the body.
    let title_end = a.title.len();
    AnalysisRecord {
        article: a.id.clone(),
        day: a.day().map(|d| d.to_string()),
        entities: an
            .entities
            .iter()
            .map(|e| EntityMention {
                id: e.id.clone(),
                canonical: e.canonical.clone(),
                kind: label(&e.kind),
                mentions: e.mentions.len() as i64,
                in_title: e.mentions.iter().filter(|m| m.end <= title_end).count() as i64,
            })
            .collect(),
        quotes: an
            .quotes
            .iter()
            .map(|q| QuoteMention {
                speaker: q.speaker.as_ref().map(|s| s.canonical.clone().unwrap_or_else(|| s.text.clone())),
                speaker_entity: q.speaker.as_ref().and_then(|s| s.entity_id.clone()),
                kind: label(&q.kind),
                text: q.text.clone(),
            })
            .collect(),
        doc: serde_json::to_string(&an).expect("an analysis serialises"),
    }
}

/// Key of the keyword document frequencies in the store's bookkeeping.
const KEYWORD_MODEL: &str = "keyword_model";

/// Whether the stored analyses were made by another version of the
/// analysis (other rules, another NER model) than this marsad's.
pub fn analyses_outdated(store: &Store) -> Result<bool> {
    Ok(store.analysis_version()?.as_deref() != Some(marsad_analyze::analysis_version()))
}

/// When the stored analyses were made by another version of the analysis,
/// drop them (and the keyword frequencies counted along with them) so that
/// [`analyze_pending`] makes every one again: an upgraded marsad's entity
/// ids, names and quotes then hold across the whole store, old articles and
/// new alike. Returns how many analyses were outdated.
pub fn outdate_old_analyses(store: &mut Store) -> Result<u64> {
    let recorded = store.analysis_version()?;
    let current = marsad_analyze::analysis_version();
    if recorded.as_deref() == Some(current) {
        return Ok(0);
    }
    let n = store.outdate_analyses(current, &[KEYWORD_MODEL])?;
    if n > 0 {
        let made_by = recorded.map_or_else(|| "an earlier marsad".to_string(), |v| format!("analysis version {v}"));
        eprintln!(
            "marsad: the {n} stored analyses were made by {made_by}; this marsad makes {current}: analysing again"
        );
    }
    Ok(n)
}

/// Analyse every stored article without an analysis. Returns how many.
///
/// Keywords are scored with document frequencies over every article
/// analysed so far (kept in the store and grown batch by batch; a batch is
/// counted before its own keywords are scored, so the first ingest has
/// statistics too).
pub fn analyze_pending(data_dir: &Path) -> Result<u64> {
    let mut store = Store::open(data_dir)?;
    outdate_old_analyses(&mut store)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let mut total = 0u64;
    let mut model: KeywordModel =
        store.meta(KEYWORD_MODEL)?.and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_default();
    loop {
        let ids = store.unanalyzed(2000)?;
        if ids.is_empty() {
            break;
        }
        let mut articles = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(a) = store.get(id)? {
                articles.push(a);
            }
        }
        let chunk = articles.len().div_ceil(threads).max(1);
        // The batch's document frequencies first (stems found in parallel),
        // so its own keywords are scored with them.
        let stems: Vec<Vec<String>> = std::thread::scope(|s| {
            let handles: Vec<_> = articles
                .chunks(chunk)
                .map(|c| {
                    s.spawn(move || {
                        c.iter()
                            .map(|a| {
                                let lead = marsad_analyze::article::keyword_lead(a);
                                marsad_analyze::keywords::document_stems(&format!("{}\n{lead}", a.title))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("a stems thread panicked")).collect()
        });
        for st in stems {
            model.add_stems(st);
        }
        let m = &model;
        let records: Vec<AnalysisRecord> = std::thread::scope(|s| {
            let handles: Vec<_> = articles
                .chunks(chunk)
                .map(|c| s.spawn(move || c.iter().map(|a| record(a, m)).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("an analysis thread panicked")).collect()
        });
        store.save_analyses(&records)?;
        total += records.len() as u64;
        if ids.len() < 2000 {
            break;
        }
    }
    // Saved once at the end (it is megabytes): a run killed before this
    // leaves its batches out of the frequencies, which only makes later
    // keywords score those stems as a little rarer.
    if total > 0 {
        store.set_meta(KEYWORD_MODEL, &serde_json::to_string(&model)?)?;
    }
    drop(model);
    if total > 0 || store.meta(PERSON_NAMES)?.as_deref() != Some(PERSON_NAMES_VERSION) {
        merge_person_names(&mut store)?;
    }
    release_free_memory();
    Ok(total)
}

/// Key of the person-name merges' rules version in the store's bookkeeping.
const PERSON_NAMES: &str = "person_names";

/// Join, across the corpus, a person's short and full names into one
/// entity (`عادل الجبير` / `عادل بن أحمد الجبير`; the rules are those of
/// [`marsad_analyze::entities::person_names`]), then read each family name
/// written alone in an article as the person its company there points to
/// (`الأسد` beside Syria as `بشار الأسد`; see
/// [`marsad_analyze::entities::lone_names`]), join a name's stray readings
/// as another kind to its main one (`خالد الفيصل` read as MISC in 2 of 315
/// articles; see [`marsad_analyze::entities::kinds`]), and store the
/// merges, which every entity listing of the store then follows. Returns
/// how many stored entities now count as another, and in how many
/// (article, entity) rows a lone name was read as a person.
pub fn merge_person_names(store: &mut Store) -> Result<(usize, usize)> {
    use marsad_analyze::entities::person_names::{self, CorpusEntity};
    use marsad_analyze::entities::{kinds, lone_names, EntityKind};
    let mut entities: Vec<CorpusEntity> = Vec::new();
    let mut article_no: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    // Rows come ordered by entity id: one entity's rows are consecutive.
    store.for_each_entity_mention(|id, canonical, kind, article| {
        let n = article_no.len() as u32;
        let a = *article_no.entry(article.to_string()).or_insert(n);
        match entities.last_mut() {
            Some(e) if e.id == id => e.articles.push(a),
            _ => {
                if let Some(kind) = EntityKind::parse(kind) {
                    entities.push(CorpusEntity::new(id, canonical, kind, vec![a]));
                }
            }
        }
    })?;
    let name_merges = person_names::merge_person_names(&entities);
    let lone = lone_names::resolve_lone_names(&entities, &name_merges);
    // A stray reading of a name joins its main reading, or the group that
    // reading joined (`خالد الفيصل` MISC → the person's group).
    let group: std::collections::HashMap<&str, &person_names::NameMerge> =
        name_merges.iter().map(|m| (m.raw_id.as_str(), m)).collect();
    let kind_merges: Vec<person_names::NameMerge> = kinds::merge_kinds(&entities)
        .into_iter()
        .filter(|m| !group.contains_key(m.raw_id.as_str()))
        .map(|m| match group.get(m.id.as_str()) {
            Some(g) => person_names::NameMerge { raw_id: m.raw_id, id: g.id.clone(), canonical: g.canonical.clone() },
            None => m,
        })
        .collect();
    let mut article_ids: Vec<&str> = vec![""; article_no.len()];
    for (id, &n) in &article_no {
        article_ids[n as usize] = id;
    }
    let article_merges: Vec<marsad_store::ArticleEntityMerge> = lone
        .into_iter()
        .map(|m| marsad_store::ArticleEntityMerge {
            article_id: article_ids[m.article as usize].to_string(),
            raw_id: m.raw_id,
            entity_id: m.id,
            canonical: m.canonical,
        })
        .collect();
    let merges: Vec<(String, String, String)> =
        name_merges.into_iter().chain(kind_merges).map(|m| (m.raw_id, m.id, m.canonical)).collect();
    store.set_entity_merges(&merges, &article_merges, PERSON_NAMES, PERSON_NAMES_VERSION)?;
    Ok((merges.len(), article_merges.len()))
}

/// Learn each source's recurring boilerplate (lines, prefixes, suffixes)
/// from everything stored, strip it from the articles it matches (recording
/// each removal in `removed`), and store those articles again. Learning
/// needs many articles per source; sources with few learn nothing.
/// Returns how many articles changed.
pub fn apply_learned_boilerplate(data_dir: &Path) -> Result<usize> {
    let store = Store::open(data_dir)?;
    let mut learner = Learner::new(LearnParams::default());
    store.for_each(&marsad_store::Filter::default(), |a| {
        learner.add(&a);
        true
    })?;
    let model = learner.finish();
    // Changed articles are written a thousand at a time: the pass holds one
    // batch, not every article the model changed.
    let mut changed: Vec<Article> = Vec::new();
    let mut updated = 0;
    let mut failed = None;
    let mut writer = store.reopen()?;
    store.for_each(&marsad_store::Filter::default(), |mut a| {
        if !model.apply(&mut a).is_empty() {
            changed.push(a);
        }
        if changed.len() >= 1000 {
            match writer.update_articles(&changed) {
                Ok(n) => updated += n,
                Err(e) => {
                    failed = Some(e);
                    return false;
                }
            }
            changed.clear();
        }
        true
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let updated = updated + writer.update_articles(&changed)?;
    drop((model, changed));
    release_free_memory();
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_model::Paragraph;

    fn article(n: u32, body: &str) -> Article {
        let mut a = Article::new("almarfa", format!("خبر رقم {n}"));
        a.url = Some(format!("http://almarfa.example/news/{n}"));
        a.published_at = Some(chrono::DateTime::from_timestamp(1_430_000_000 + i64::from(n) * 3600, 0).unwrap());
        a.body = vec![Paragraph::text(body.to_string())];
        a.assign_id();
        a
    }

    #[test]
    fn a_family_name_alone_becomes_the_person_its_article_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let full = "قال الرئيس السوري بشار الأسد في دمشق إن الجيش السوري سيواصل القتال في حلب.";
        // Other men called بشار, so that the word is a given name here.
        let others = [
            "ألقى مندوب سوريا بشار الجعفري كلمة في نيويورك.",
            "تحدث الفنان بشار الشطي عن مسلسله الجديد في الكويت.",
            "افتتح الوزير بشار الزعبي معرضا في عمّان.",
        ];
        let lone = "وقال الأسد في دمشق إن الجيش السوري سيواصل القتال في حلب.";
        let mut arts: Vec<Article> = (0..6).map(|n| article(n, full)).collect();
        arts.extend(others.iter().enumerate().map(|(i, t)| article(10 + i as u32, t)));
        arts.push(article(20, lone));
        store.insert_batch(&arts).unwrap();
        drop(store);
        analyze_pending(dir.path()).unwrap();
        let store = Store::open(dir.path()).unwrap();
        let merges = store.entity_article_merges().unwrap();
        assert_eq!(merges.len(), 1, "{merges:?}");
        assert_eq!(merges[0].article_id, arts.last().unwrap().id);
        assert_eq!(merges[0].canonical, "بشار الأسد");
        let found = store.find_entities("بشار الأسد", 5).unwrap();
        assert_eq!(found[0].articles, 7, "{found:?}");
        assert!(found[0].also_named.contains(&"الأسد".to_string()), "{found:?}");
    }

    #[test]
    fn a_persons_short_and_full_names_become_one_entity_across_articles() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let short = "أكد وزير الخارجية عادل الجبير في الرياض أن السعودية تدعم الحل السياسي في اليمن.";
        let full = "استقبل وزير الخارجية عادل بن أحمد الجبير في الرياض سفير اليمن لدى السعودية.";
        let arts: Vec<Article> = (0..8).map(|n| article(n, if n < 5 { short } else { full })).collect();
        store.insert_batch(&arts).unwrap();
        drop(store);
        assert_eq!(analyze_pending(dir.path()).unwrap(), 8);
        let store = Store::open(dir.path()).unwrap();
        let found = store.find_entities("عادل بن أحمد الجبير", 5).unwrap();
        assert_eq!(found[0].canonical, "عادل الجبير", "{found:?}");
        assert_eq!(found[0].articles, 8);
        assert_eq!(found[0].also_named, ["عادل بن أحمد الجبير"]);
        assert_eq!(store.meta(PERSON_NAMES).unwrap().as_deref(), Some(PERSON_NAMES_VERSION));
    }
}
