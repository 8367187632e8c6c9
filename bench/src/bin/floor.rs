//! `terraform-provider-floor`: the bench's no-op provider. It serves `floor_request_condition` with
//! exactly the schema and state type of `oig_request_condition`, plans the same way (computed
//! attributes unknown on create, kept on update), and answers every apply from memory, with no
//! I/O. Terraform core's cost of plan and apply, plus tf-provider's, is then all that is left:
//! the floor under which no provider built on tf-provider 0.2.2 can go.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use terraform_provider_oig::resources::request_condition::{schema, State};
use tf_provider::schema::{Block, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{
    AttributePath, Diagnostics, DynamicDataSource, DynamicResource, Provider, Resource,
};

struct FloorProvider;

#[async_trait]
impl Provider for FloorProvider {
    type Config<'a> = ValueEmpty;
    type MetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(Schema {
            version: 1,
            block: Block {
                description: "The bench's no-op provider.".into(),
                ..Default::default()
            },
        })
    }

    fn get_resources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        let mut map: HashMap<String, Box<dyn DynamicResource>> = HashMap::new();
        map.insert("request_condition".into(), Box::new(FloorCondition));
        Some(map)
    }

    fn get_data_sources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        Some(HashMap::new())
    }
}

struct FloorCondition;

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

fn s(v: impl Into<String>) -> Value<String> {
    Value::Value(v.into())
}

#[async_trait]
impl Resource for FloorCondition {
    type State<'a> = State;
    type PrivateState<'a> = ValueEmpty;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn read<'a>(
        &self,
        _diags: &mut Diagnostics,
        state: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        Some((state, private))
    }

    async fn plan_create<'a>(
        &self,
        _diags: &mut Diagnostics,
        proposed: State,
        config: State,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        let mut planned = proposed;
        planned.id = Value::Unknown;
        planned.created = Value::Unknown;
        planned.created_by = Value::Unknown;
        planned.last_updated = Value::Unknown;
        planned.last_updated_by = Value::Unknown;
        if config.priority.is_null() {
            planned.priority = Value::Unknown;
        }
        if config.status.is_null() {
            planned.status = s("INACTIVE");
        }
        Some((planned, ValueEmpty::default()))
    }

    async fn plan_update<'a>(
        &self,
        _diags: &mut Diagnostics,
        prior: State,
        proposed: State,
        config: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty, Vec<AttributePath>)> {
        let mut planned = proposed;
        planned.id = prior.id.clone();
        planned.created = prior.created.clone();
        planned.created_by = prior.created_by.clone();
        if config.status.is_null() {
            planned.status = s("INACTIVE");
        }
        if config.priority.is_null() {
            planned.priority = prior.priority;
        }
        let mut replace = Vec::new();
        if planned.resource_id != prior.resource_id {
            replace.push(AttributePath::new("resource_id"));
        }
        if planned.name != prior.name {
            replace.push(AttributePath::new("name"));
        }
        planned.last_updated = prior.last_updated.clone();
        planned.last_updated_by = prior.last_updated_by.clone();
        if planned != prior {
            planned.last_updated = Value::Unknown;
            planned.last_updated_by = Value::Unknown;
        }
        Some((planned, private, replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<ValueEmpty> {
        Some(private)
    }

    async fn create<'a>(
        &self,
        _diags: &mut Diagnostics,
        planned: State,
        _config: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let mut state = planned;
        state.id = s(format!(
            "rcofloor{:06}{n:06}",
            std::process::id() % 1_000_000
        ));
        state.created = s("2026-01-01T00:00:00.000Z");
        state.created_by = s("00ufloor000000000001");
        state.last_updated = s("2026-01-01T00:00:00.000Z");
        state.last_updated_by = s("00ufloor000000000001");
        if state.priority.is_unknown() {
            state.priority = Value::Value(0.0);
        }
        Some((state, private))
    }

    async fn update<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: State,
        planned: State,
        _config: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        let mut state = planned;
        state.last_updated = s("2026-01-02T00:00:00.000Z");
        state.last_updated_by = s("00ufloor000000000001");
        Some((state, private))
    }

    async fn destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: State,
        _private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<()> {
        Some(())
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // As in the real provider: the plugin's gRPC TLS uses ring (aws-lc-rs stays out of the tree).
    let _ = rustls::crypto::ring::default_provider().install_default();
    tf_provider::serve("floor", FloorProvider).await
}
