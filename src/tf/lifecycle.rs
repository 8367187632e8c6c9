//! The lifecycle glue every resource and data source writes the same way, written once.
//!
//! [`resource!`] writes `impl Resource` with the methods that never differ between resources:
//! the associated types, `schema` (the file's `schema()` function), `validate` (the file's
//! `validate_config(diags, &config)`), `plan_destroy` (keeps the private state), and, with
//! `plan: replace_only`, the `plan_create`/`plan_update` that only apply the attribute rules of
//! [`crate::tf::plan`] and the `update` that never runs (every change replaces). The methods that carry a resource's own logic (`read`, `create`,
//! `update`, `destroy`, `import`, and any other plan) stay in the file, in lifecycle order.
//!
//! [`data_source!`] does the same for `impl DataSource`: types, `schema`, `validate`, and the
//! `read` header that takes the configured client (or reports why there is none).
//!
//! Every operation that may call the API (each lifecycle method a resource writes, and a data
//! source's `read`) runs in its own [`crate::client::ratelimit::Activity`]: what the client waited
//! for during it becomes warnings on that operation ([`crate::tf::diag::waits`]).

/// `impl Resource for T` with the shared methods written out; see the module documentation.
///
/// The resource's own methods are written without their parameter types, which the trait fixes:
/// `async fn read(&self, diags, state, private)`, `create(&self, diags, planned, config, private)`,
/// `update(&self, diags, prior, planned, config, private)`, `destroy(&self, diags, prior,
/// private)`, `import(&self, diags, id)`, `plan_create(&self, diags, proposed, config)` and
/// `plan_update(&self, diags, prior, proposed, config, private)`; any other method is written
/// out in full.
macro_rules! resource {
    (
        impl Resource for $ty:ty {
            state: $state:ty,
            private: $private:ty,
            schema: $schema:path,
            validate: $validate:path,
            plan: replace_only,
            $($items:tt)*
        }
    ) => {
        $crate::tf::lifecycle::resource! {
            impl Resource for $ty {
                state: $state,
                private: $private,
                schema: $schema,
                validate: $validate,

                async fn plan_create(&self, _diags, proposed, config) {
                    let planned = $crate::tf::plan::plan_create(proposed, &config);
                    Some((planned, <$private>::default()))
                }

                async fn plan_update(&self, _diags, prior, proposed, config, private) {
                    let (planned, replace) = $crate::tf::plan::plan_update(proposed, &prior, &config);
                    Some((planned, private, replace))
                }

                // Every argument forces replacement, so there is never anything to update in place.
                async fn update(&self, _diags, prior, _planned, _config, private) {
                    Some((prior, private))
                }

                $($items)*
            }
        }
    };
    (
        impl Resource for $ty:ty {
            state: $state:ty,
            private: $private:ty,
            schema: $schema:path,
            validate: $validate:path,
            $($items:tt)*
        }
    ) => {
        $crate::tf::lifecycle::resource! {
            @munch [$ty, $state, $private, $schema, $validate]
            [
                type PrivateState<'a> = $private;

                async fn plan_destroy<'a>(
                    &self,
                    _diags: &mut ::tf_provider::Diagnostics,
                    _prior: $state,
                    private: $private,
                    _meta: ::tf_provider::value::ValueEmpty,
                ) -> Option<$private> {
                    Some(private)
                }
            ]
            $($items)*
        }
    };
    // `client: Arc<Client>` before `diags`: the body starts with the configured client (or returns `None`
    // with the diagnostic that says why there is none).
    (@munch $ctx:tt $done:tt
        async fn $name:ident(&$s:ident, $c:ident: Arc<Client>, $d:ident $(, $p:ident)*)
            {$($b:tt)*} $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch $ctx $done
            async fn $name(&$s, $d $(, $p)*) {
                let $c: ::std::sync::Arc<$crate::client::Client> = $s.data.client($d)?;
                $($b)*
            }
            $($rest)*
        }
    };
    // A lifecycle method written without its parameter types: its signature comes from the
    // table below, its body runs in the operation's scope (see `operation`).
    (@munch $ctx:tt $done:tt
        async fn $name:ident(&$s:ident, $d:ident $(, $p:ident)*) $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @sig $name $ctx $done (&$s, $d $(, $p)*) $b [$($rest)*] }
    };
    // Any other method, written out in full.
    (@munch $ctx:tt [$($done:tt)*]
        async fn $name:ident <$l:lifetime> ($($params:tt)*) -> $ret:ty $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch $ctx [$($done)*
            async fn $name<$l>($($params)*) -> $ret $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty, $schema:path, $validate:path] [$($done:tt)*]) => {
        $crate::tf::lifecycle::implement! {
            Resource for $ty, state: $S, schema: $schema, validate: $validate, [$($done)*]
        }
    };
    // The table: each lifecycle method's parameter types after `diags`, its trailing provider-meta
    // parameter (every method but `import` has one) and its return type.
    (@sig read [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] read ($S, $P) [_meta: ::tf_provider::value::ValueEmpty,] (Option<($S, $P)>) $($t)* }
    };
    (@sig plan_create [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] plan_create ($S, $S) [_meta: ::tf_provider::value::ValueEmpty,] (Option<($S, $P)>) $($t)* }
    };
    (@sig plan_update [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] plan_update ($S, $S, $S, $P) [_meta: ::tf_provider::value::ValueEmpty,]
            (Option<($S, $P, Vec<::tf_provider::AttributePath>)>) $($t)* }
    };
    (@sig create [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] create ($S, $S, $P) [_meta: ::tf_provider::value::ValueEmpty,] (Option<($S, $P)>) $($t)* }
    };
    (@sig update [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] update ($S, $S, $S, $P) [_meta: ::tf_provider::value::ValueEmpty,] (Option<($S, $P)>) $($t)* }
    };
    (@sig destroy [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] destroy ($S, $P) [_meta: ::tf_provider::value::ValueEmpty,] (Option<()>) $($t)* }
    };
    (@sig import [$ty:ty, $S:ty, $P:ty, $($c:tt)*] $($t:tt)*) => {
        $crate::tf::lifecycle::resource! { @emit [$ty, $S, $P, $($c)*] import (String) [] (Option<($S, $P)>) $($t)* }
    };
    (@emit $ctx:tt $name:ident ($($T:ty),*) [$($meta:tt)*] ($R:ty) [$($done:tt)*]
        (&$s:ident, $d:ident $(, $p:ident)*) $b:block [$($rest:tt)*]
    ) => {
        $crate::tf::lifecycle::resource! { @munch $ctx [$($done)*
            async fn $name<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $($p: $T,)*
                $($meta)*
            ) -> $R {
                $crate::tf::lifecycle::operation!($d, $R, $b)
            }
        ] $($rest)* }
    };
}

/// Runs the body of one Terraform operation with its own record of what the API client waited
/// for (rate-limit windows, retries), and reports those waits as warnings on the operation.
macro_rules! operation {
    ($d:ident, $R:ty, $b:block) => {{
        let activity = $crate::client::ratelimit::Activity::default();
        let out: $R = activity.scope(async { $b }).await;
        $crate::tf::diag::waits(&mut *$d, &activity.events());
        out
    }};
}

/// The `impl` every resource and data source shares: the types, `schema` (the file's
/// `schema()` function), `validate` (the file's `validate_config(diags, &config)`, if any), and
/// the given items.
macro_rules! implement {
    (
        $Trait:ident for $ty:ty, state: $state:ty, schema: $schema:path,
        $(validate: $validate:path,)? [$($items:tt)*]
    ) => {
        #[::async_trait::async_trait]
        impl ::tf_provider::$Trait for $ty {
            type State<'a> = $state;
            type ProviderMetaState<'a> = ::tf_provider::value::ValueEmpty;

            fn schema(
                &self,
                _diags: &mut ::tf_provider::Diagnostics,
            ) -> Option<::tf_provider::schema::Schema> {
                Some($schema())
            }

            $(
                async fn validate<'a>(
                    &self,
                    diags: &mut ::tf_provider::Diagnostics,
                    config: $state,
                ) -> Option<()> {
                    $validate(diags, &config);
                    Some(())
                }
            )?

            $($items)*
        }
    };
}

/// `impl DataSource for T`: types, `schema`, `validate` (optional) and the `read` header that
/// takes the configured client; the body of `read` is the data source's own.
macro_rules! data_source {
    (
        impl DataSource for $ty:ty {
            state: $state:ty,
            schema: $schema:path,
            $(validate: $validate:path,)?
            read($client:ident, $diags:ident, $config:ident $(, $data:ident)?) $body:block
        }
    ) => {
        $crate::tf::lifecycle::implement! {
            DataSource for $ty, state: $state, schema: $schema, $(validate: $validate,)? [
                async fn read<'a>(
                    &self,
                    $diags: &mut ::tf_provider::Diagnostics,
                    $config: $state,
                    _meta: ::tf_provider::value::ValueEmpty,
                ) -> Option<$state> {
                    $crate::tf::lifecycle::operation!($diags, Option<$state>, {
                        let $client = self.data.client($diags)?;
                        $(let $data: &$crate::tf::ProviderData = &self.data;)?
                        $body
                    })
                }
            ]
        }
    };
}

pub(crate) use {data_source, resource};
pub(crate) use {implement, operation};

/// The struct of a resource or data source: the configured-client slot it reads from, and `new`.
macro_rules! handle {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name {
            data: ::std::sync::Arc<$crate::tf::ProviderData>,
        }

        impl $name {
            pub fn new(data: ::std::sync::Arc<$crate::tf::ProviderData>) -> Self {
                Self { data }
            }
        }
    };
}

pub(crate) use handle;
