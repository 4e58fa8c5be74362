//! How segments merge while indexing: tantivy's log merge policy, with no
//! merge larger than a bound. A merge reads all of its segments through
//! memory maps, so an unbounded merge of a large archive would hold
//! hundreds of megabytes resident; bounded, memory stays flat however
//! large the archive grows, at the price of more (large) segments.

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Articles in one merge at most (about 160 MB of segment files).
pub const MAX_MERGE_DOCS: u32 = 64_000;

/// The log merge policy, each of its merges cut into merges of at most
/// `max_docs` documents; segments over half of that merge no more.
#[derive(Debug)]
pub struct BoundedMerges {
    inner: LogMergePolicy,
    max_docs: u32,
}

impl BoundedMerges {
    pub fn new(max_docs: u32) -> BoundedMerges {
        let mut inner = LogMergePolicy::default();
        inner.set_max_docs_before_merge(max_docs as usize / 2);
        BoundedMerges { inner, max_docs }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        self.inner
            .compute_merge_candidates(segments)
            .into_iter()
            .flat_map(|candidate| {
                let sized = candidate
                    .0
                    .into_iter()
                    .map(|id| (id, docs.get(&id).copied().unwrap_or(0)));
                bounded_groups(sized, self.max_docs)
            })
            .map(MergeCandidate)
            .collect()
    }
}

/// Cuts one merge (items with their sizes) into groups of at most `max`
/// in total, in order; a group of one is no merge and is dropped.
fn bounded_groups<T>(items: impl IntoIterator<Item = (T, u32)>, max: u32) -> Vec<Vec<T>> {
    let mut groups = Vec::new();
    let mut group = Vec::new();
    let mut total = 0u64;
    for (item, size) in items {
        if !group.is_empty() && total + u64::from(size) > u64::from(max) {
            groups.push(std::mem::take(&mut group));
            total = 0;
        }
        group.push(item);
        total += u64::from(size);
    }
    groups.push(group);
    groups.retain(|g| g.len() >= 2);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_are_cut_to_the_bound_and_single_segments_stay() {
        let sizes = [("a", 30), ("b", 30), ("c", 30), ("d", 50), ("e", 10)];
        let groups = bounded_groups(sizes, 64);
        assert_eq!(groups, [vec!["a", "b"], vec!["d", "e"]]);
        assert!(bounded_groups([("a", 10), ("b", 10)], 64) == [vec!["a", "b"]]);
        assert!(bounded_groups([("a", 10)], 64).is_empty());
        assert!(bounded_groups::<&str>([], 64).is_empty());
    }
}
