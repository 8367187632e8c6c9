//! The provider: the resources and data sources it registers (one table each), and `configure`,
//! which hands the provider block to [`crate::config`] and fills the configured-client slot.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use tf_provider::schema::Schema;
use tf_provider::value::ValueEmpty;
use tf_provider::{AttributePath, Diagnostics, DynamicDataSource, DynamicResource, Provider};

use crate::client::Client;
use crate::config::{self, ConfigProblem, ProviderConfig};
use crate::tf::diag;
use crate::tf::provider_data::ProviderData;
use crate::{data_sources as ds, resources as rs};

/// What a registration table maps a type name to.
type Constructor<T> = fn(Arc<ProviderData>) -> T;
type ResourceConstructor = Constructor<Box<dyn DynamicResource>>;
type DataSourceConstructor = Constructor<Box<dyn DynamicDataSource>>;

/// A registration table: `"name" => Type` becomes `("name", |d| Box::new(Type::new(d)))`.
macro_rules! registry {
    ($($name:literal => $ty:ty,)*) => {
        &[$(($name, |d| Box::new(<$ty>::new(d))),)*]
    };
}

/// Every resource, by type name without the `oig_` prefix.
pub const RESOURCES: &[(&str, ResourceConstructor)] = registry! {
    "org_request_settings" => rs::org_request_settings::OrgRequestSettingsResource,
    "request" => rs::request::RequestResource,
    "request_condition" => rs::request_condition::RequestConditionResource,
    "request_message" => rs::request_message::RequestMessageResource,
    "resource_request_settings" => rs::resource_request_settings::ResourceRequestSettingsResource,
};

/// Every data source, by type name without the `oig_` prefix.
pub const DATA_SOURCES: &[(&str, DataSourceConstructor)] = registry! {
    "org_request_settings" => ds::org_request_settings::OrgRequestSettingsDataSource,
    "request" => ds::request::RequestDataSource,
    "request_condition" => ds::request_condition::RequestConditionDataSource,
    "request_conditions" => ds::request_conditions::RequestConditionsDataSource,
    "request_sequence" => ds::request_sequence::RequestSequenceDataSource,
    "request_sequences" => ds::request_sequences::RequestSequencesDataSource,
    "requests" => ds::requests::RequestsDataSource,
    "resource_request_settings" => ds::resource_request_settings::ResourceRequestSettingsDataSource,
};

#[derive(Default)]
pub struct OigProvider {
    data: Arc<ProviderData>,
}

impl OigProvider {
    pub fn new() -> Self {
        Self::default()
    }
}

/// Every entry of a registration table, built on the shared configured-client slot.
fn build<T>(table: &[(&str, Constructor<T>)], data: &Arc<ProviderData>) -> HashMap<String, T> {
    table
        .iter()
        .map(|(name, make)| (name.to_string(), make(data.clone())))
        .collect()
}

fn report(diags: &mut Diagnostics, problems: Vec<ConfigProblem>) {
    for p in problems {
        diag::error(diags, p.summary, p.detail, AttributePath::new(p.argument));
    }
}

#[async_trait]
impl Provider for OigProvider {
    type Config<'a> = ProviderConfig;
    type MetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(config::schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::Config<'a>) -> Option<()> {
        report(diags, config::validate(&config));
        Some(())
    }

    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        _terraform_version: String,
        config: Self::Config<'a>,
    ) -> Option<()> {
        if config.has_unknown() {
            tracing::debug!("provider configuration has unknown values: deferring");
            self.data.set_deferred();
            return Some(());
        }
        let env = |name: &str| std::env::var(name).ok();
        let client_config = match config::resolve(&config, &env) {
            Ok(c) => c,
            Err(problems) => {
                report(diags, problems);
                return None;
            }
        };
        tracing::debug!(org_url = %client_config.org_url, auth = client_config.credentials.scheme(), "provider configured");
        match Client::new(client_config) {
            Ok(client) => {
                self.data.set_ready(client);
                Some(())
            }
            Err(e) => {
                diag::error(
                    diags,
                    "Unable to create the API client",
                    e,
                    AttributePath::root(),
                );
                None
            }
        }
    }

    fn get_resources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        Some(build(RESOURCES, &self.data))
    }

    fn get_data_sources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        Some(build(DATA_SOURCES, &self.data))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// The entries of a directory of the repository named `<prefix>NAME<suffix>`, as NAME.
    fn names_in(dir: &str, prefix: &str, suffix: &str) -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::read_dir(&root)
            .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                let inner = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
                Some(inner.to_string())
            })
            .collect()
    }

    /// Each registered type has its docs page and its example, and nothing is documented or
    /// exemplified that the provider does not register.
    #[test]
    fn registered_names_match_docs_and_examples() {
        let resources: BTreeSet<String> = RESOURCES.iter().map(|(n, _)| n.to_string()).collect();
        let data_sources: BTreeSet<String> =
            DATA_SOURCES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            resources.len(),
            RESOURCES.len(),
            "a resource is registered twice"
        );
        assert_eq!(
            data_sources.len(),
            DATA_SOURCES.len(),
            "a data source is registered twice"
        );
        assert_eq!(resources, names_in("docs/resources", "", ".md"));
        assert_eq!(resources, names_in("examples/resources", "oig_", ""));
        assert_eq!(data_sources, names_in("docs/data-sources", "", ".md"));
        assert_eq!(data_sources, names_in("examples/data-sources", "oig_", ""));
    }

    #[test]
    fn every_schema_is_fully_described() {
        let provider = OigProvider::new();
        let mut d = Diagnostics::default();
        let mut schemas = Vec::new();
        for (name, r) in Provider::get_resources(&provider, &mut d).unwrap_or_default() {
            schemas.push((format!("oig_{name}"), r.schema(&mut d)));
        }
        for (name, ds) in Provider::get_data_sources(&provider, &mut d).unwrap_or_default() {
            schemas.push((format!("data.oig_{name}"), ds.schema(&mut d)));
        }
        assert_eq!(schemas.len(), RESOURCES.len() + DATA_SOURCES.len());
        for (name, schema) in schemas {
            let schema = schema.unwrap_or_else(|| panic!("{name} has no schema"));
            let problems = crate::tf::schema::lint(&name, &schema.block);
            assert!(problems.is_empty(), "{problems:#?}");
        }
    }
}
