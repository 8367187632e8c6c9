//! The provider's page, docs/index.md: example, authentication, environment variables, schema.

use std::path::Path;

use super::{front_matter, read, schema_section, Schemas};
use crate::config::{self, Group, ARGUMENTS};

pub(super) fn render_index(root: &Path, schemas: &Schemas) -> String {
    let schema = config::schema();
    let mut s = front_matter("Provider: oig", &schema.block.description.content);
    s.push_str("# oig Provider\n\n");
    s.push_str(&schema.block.description.content);
    s.push_str("\n\nIt talks to an Okta org's Identity Governance API (`/governance/api/v1` and `/v2`) or to `oig-emulator`, the local stand-in this project ships for developing and testing modules without a live org.\n\n");
    if let Some(example) = read(root, "examples/provider/provider.tf") {
        s.push_str("## Example Usage\n\n```terraform\n");
        s.push_str(&example);
        s.push_str("\n```\n\n");
    }
    s.push_str(AUTH_SECTION);
    s.push_str(&environment_section());
    s.push_str(&schema_section(schemas, "", &schema.block, "Schema"));
    s
}

/// The environment variable of every argument, and which arguments the configuration takes
/// over as a group.
fn environment_section() -> String {
    let names = |group: Group| {
        let names: Vec<String> = ARGUMENTS
            .iter()
            .filter(|a| a.group == group)
            .map(|a| format!("`{}`", a.name))
            .collect();
        names.join(", ")
    };
    let mut s = format!(
        "\n## Environment variables\n\nEvery argument can come from the environment instead; a value in the configuration wins. Two groups are taken as a whole: when the configuration sets any argument of a group, no argument of that group comes from the environment. The org's address: {}. The credentials: {}.\n\n| Argument | Environment variable |\n| --- | --- |\n",
        names(Group::Org),
        names(Group::Credentials)
    );
    for a in ARGUMENTS {
        s.push_str(&format!("| `{}` | `{}` |\n", a.name, a.env));
    }
    s.push('\n');
    s
}

const AUTH_SECTION: &str = r#"## Authentication

Use exactly one of these; conflicting or missing credentials are reported at plan time.

**API token** (an admin with the `ACCESS_REQUESTS_ADMIN` role):

```terraform
provider "oig" {
  org_name  = "acme"
  base_url  = "okta.com"
  api_token = var.okta_api_token # or OKTA_API_TOKEN
}
```

**OAuth 2.0 service app** (client credentials with a `private_key_jwt` assertion; the app needs
the `okta.accessRequests.condition.*` and `okta.governance.accessRequests.*` scopes):

```terraform
provider "oig" {
  org_name       = "acme"
  client_id      = "0oa1b2c3d4e5f6g7h8i9"
  private_key    = file("service-app.pem") # PEM text or a path; PKCS#1 or PKCS#8
  private_key_id = "kid-1"
  scopes         = ["okta.accessRequests.condition.read", "okta.accessRequests.condition.manage"]
}
```

**Access token** obtained elsewhere (sent as `Bearer`):

```terraform
provider "oig" {
  org_url      = "https://acme.okta.com"
  access_token = var.okta_access_token # or OKTA_ACCESS_TOKEN
}
```

**The local emulator** (`oig-emulator --listen 127.0.0.1:8080 --token dev-token`):

```terraform
provider "oig" {
  org_url   = "http://127.0.0.1:8080" # plain http only to loopback addresses
  api_token = "dev-token"
}
```

Failed calls (5xx, timeouts, dropped connections) are retried up to `max_retries` times; a create
whose outcome is unknown is looked up by its name before it is sent again. A 429 is waited out
until Okta's `X-Rate-Limit-Reset` (up to 5 minutes per call), and `max_api_capacity` keeps the
provider under a share of each rate-limit bucket.
"#;
