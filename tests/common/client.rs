//! The provider's API client, built against a test emulator, and the emulator log's statuses.

use std::time::Duration;

use terraform_provider_oig::client::{Client, ClientConfig, Credentials, Secret};

use super::{Emulator, TOKEN};

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

pub fn config(emu: &Emulator, credentials: Credentials) -> ClientConfig {
    ClientConfig {
        org_url: emu.url.clone(),
        credentials,
        max_retries: 5,
        request_timeout: Duration::from_secs(10),
        max_api_capacity: 100,
    }
}

pub fn client(emu: &Emulator) -> Client {
    Client::new(config(emu, Credentials::ApiToken(Secret::new(TOKEN)))).expect("client")
}

pub fn statuses(emu: &Emulator, path: &str) -> Vec<u64> {
    emu.log()
        .iter()
        .filter(|e| e["path"].as_str() == Some(path))
        .map(|e| e["status"].as_u64().unwrap_or(999))
        .collect()
}

pub fn statuses_of(emu: &Emulator, method: &str, path: &str) -> Vec<u64> {
    emu.log()
        .iter()
        .filter(|e| e["method"] == method && e["path"].as_str() == Some(path))
        .map(|e| e["status"].as_u64().unwrap_or(999))
        .collect()
}
