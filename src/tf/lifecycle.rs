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
            @munch [$ty, $state, $private]
            [
                type State<'a> = $state;
                type PrivateState<'a> = $private;
                type ProviderMetaState<'a> = ::tf_provider::value::ValueEmpty;

                fn schema(
                    &self,
                    _diags: &mut ::tf_provider::Diagnostics,
                ) -> Option<::tf_provider::schema::Schema> {
                    Some($schema())
                }

                async fn validate<'a>(
                    &self,
                    diags: &mut ::tf_provider::Diagnostics,
                    config: $state,
                ) -> Option<()> {
                    $validate(diags, &config);
                    Some(())
                }

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
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn read(&$s:ident, $d:ident, $st:ident, $pr:ident) $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn read<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $st: $S,
                $pr: $P,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<($S, $P)> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn plan_create(&$s:ident, $d:ident, $pp:ident, $c:ident) $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn plan_create<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $pp: $S,
                $c: $S,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<($S, $P)> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn plan_update(&$s:ident, $d:ident, $prior:ident, $pp:ident, $c:ident, $pr:ident)
        $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn plan_update<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $prior: $S,
                $pp: $S,
                $c: $S,
                $pr: $P,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<($S, $P, Vec<::tf_provider::AttributePath>)> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn create(&$s:ident, $d:ident, $pl:ident, $c:ident, $pr:ident) $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn create<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $pl: $S,
                $c: $S,
                $pr: $P,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<($S, $P)> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn update(&$s:ident, $d:ident, $prior:ident, $pl:ident, $c:ident, $pr:ident) $b:block
        $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn update<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $prior: $S,
                $pl: $S,
                $c: $S,
                $pr: $P,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<($S, $P)> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn destroy(&$s:ident, $d:ident, $prior:ident, $pr:ident) $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn destroy<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $prior: $S,
                $pr: $P,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<()> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn import(&$s:ident, $d:ident, $id:ident) $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn import<'a>(
                &$s,
                $d: &mut ::tf_provider::Diagnostics,
                $id: String,
            ) -> Option<($S, $P)> $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]
        async fn $name:ident <$l:lifetime> ($($params:tt)*) -> $ret:ty $b:block $($rest:tt)*
    ) => {
        $crate::tf::lifecycle::resource! { @munch [$ty, $S, $P] [$($done)*
            async fn $name<$l>($($params)*) -> $ret $b
        ] $($rest)* }
    };
    (@munch [$ty:ty, $S:ty, $P:ty] [$($done:tt)*]) => {
        #[::async_trait::async_trait]
        impl ::tf_provider::Resource for $ty {
            $($done)*
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
            read($client:ident, $diags:ident, $config:ident) $body:block
        }
    ) => {
        #[::async_trait::async_trait]
        impl ::tf_provider::DataSource for $ty {
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

            async fn read<'a>(
                &self,
                $diags: &mut ::tf_provider::Diagnostics,
                $config: $state,
                _meta: ::tf_provider::value::ValueEmpty,
            ) -> Option<$state> {
                let $client = self.data.client($diags)?;
                $body
            }
        }
    };
}

pub(crate) use {data_source, resource};

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
