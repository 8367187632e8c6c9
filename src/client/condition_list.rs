//! Each resource's list of request conditions, taken at most once per provider process and
//! shared: the first reader of a resource lists it (every page), concurrent readers wait for
//! that one call, later readers reuse its answer.
//!
//! Freshness: every write this process makes to request conditions holds a [`Writing`] guard
//! for its whole duration. The guard moves the process's write generation on when it starts
//! and again when it ends, and a list answers only readers of the generation it was started
//! in ([`Listing::is_current`]). So no list taken before, or while, this process wrote is ever
//! used after that write: a reader then lists again (data sources) or reads the condition
//! itself (the resource's refresh). Terraform runs refresh in the plan's own provider process,
//! which writes nothing: there, one list per resource serves every refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::condition_model::RequestCondition;
use super::{ApiError, Client};

/// What listing a resource's conditions gave: the conditions (sparse representation, in the
/// API's order) or the error, shared by every reader of that list.
pub type Listed = Result<Arc<Vec<RequestCondition>>, Arc<ApiError>>;

/// The per-process cache of condition lists.
#[derive(Default)]
pub struct ConditionLists {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Moves on when a write starts and when it ends.
    generation: u64,
    /// The lists of the current generation: a move of the generation empties it.
    lists: HashMap<String, Arc<tokio::sync::OnceCell<Listed>>>,
}

/// One resource's list as a reader got it, with the write generation it was started in.
#[derive(Debug, Clone)]
pub struct Listing {
    pub conditions: Listed,
    generation: u64,
}

impl Listing {
    /// The listed condition with this ID, if the list answered and holds it.
    pub fn find(&self, id: &str) -> Option<&RequestCondition> {
        self.conditions.as_ref().ok()?.iter().find(|c| c.id == id)
    }
}

impl ConditionLists {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The conditions of `resource_id` (as the caller names it: an ID or an ORN), listed at
    /// most once per write generation and shared by concurrent readers. A failed list is
    /// remembered too (each reader then falls back to its own calls), so that N readers of a
    /// resource whose list fails cost one failed list, not N.
    pub async fn get(&self, client: &Client, resource_id: &str) -> Listing {
        let (generation, cell) = {
            let mut inner = self.lock();
            let generation = inner.generation;
            let cell = inner.lists.entry(resource_id.to_string()).or_default();
            (generation, Arc::clone(cell))
        };
        let conditions = cell
            .get_or_init(|| async {
                match client.list_request_conditions(resource_id).await {
                    Ok(all) => Ok(Arc::new(all)),
                    Err(e) => {
                        tracing::info!(resource_id, error = %e, "listing the request conditions failed: each condition is read on its own");
                        Err(Arc::new(e))
                    }
                }
            })
            .await
            .clone();
        Listing {
            conditions,
            generation,
        }
    }

    /// The conditions of `resource_id` for a reader that needs the list itself (a data
    /// source): the shared list when it answered and no write of this process has started
    /// since it was started; otherwise a list of its own, whose error is the reader's to report.
    pub async fn conditions(
        &self,
        client: &Client,
        resource_id: &str,
    ) -> Result<Arc<Vec<RequestCondition>>, ApiError> {
        let listing = self.get(client, resource_id).await;
        match listing.conditions {
            Ok(all) if self.is_current(&listing) => Ok(all),
            _ => client
                .list_request_conditions(resource_id)
                .await
                .map(Arc::new),
        }
    }

    /// Whether no write of this process has started since `listing`'s list was started: only
    /// then may it stand for what Okta holds after this process's own writes.
    pub fn is_current(&self, listing: &Listing) -> bool {
        self.lock().generation == listing.generation
    }

    /// Marks a write to request conditions for as long as the guard lives: every list taken
    /// before it ends is stale from the moment it starts.
    pub fn writing(&self) -> Writing<'_> {
        self.bump();
        Writing { lists: self }
    }

    fn bump(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.lists.clear();
    }
}

/// See [`ConditionLists::writing`].
pub struct Writing<'a> {
    lists: &'a ConditionLists,
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.lists.bump();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(lists: &ConditionLists) -> Listing {
        Listing {
            conditions: Ok(Arc::new(Vec::new())),
            generation: lists.lock().generation,
        }
    }

    #[test]
    fn a_list_started_before_a_write_is_stale_during_and_after_it() {
        let lists = ConditionLists::default();
        let before = listing(&lists);
        assert!(lists.is_current(&before));
        let guard = lists.writing();
        let during = listing(&lists);
        assert!(!lists.is_current(&before));
        assert!(lists.is_current(&during));
        drop(guard);
        assert!(!lists.is_current(&before));
        assert!(!lists.is_current(&during), "a list taken while a write ran");
        assert!(lists.is_current(&listing(&lists)));
    }
}
