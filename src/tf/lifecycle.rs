//! The lifecycle glue every resource and data source writes the same way, written once.
//!
//! [`resource!`] writes `impl Resource` with the methods that never differ between resources:
//! the associated types, `schema` (the file's `schema()` function), `validate` (the file's
//! `validate_config(diags, &config)`), `plan_destroy` (keeps the private state), and, with
//! `plan: plain`, the `plan_create`/`plan_update` that only apply the attribute rules of
//! [`crate::tf::plan`]. The methods that carry a resource's own logic (`read`, `create`,
//! `update`, `destroy`, `import`, and any other plan) stay in the file, in lifecycle order.
//!
//! [`data_source!`] does the same for `impl DataSource`: types, `schema`, `validate`, and the
//! `read` header that takes the configured client (or reports why there is none).

/// `impl Resource for T` with the shared methods written out; see the module documentation.
macro_rules! resource {
    (
        impl Resource for $ty:ty {
            state: $state:ty,
            private: $private:ty,
            schema: $schema:path,
            validate: $validate:path,
            plan: plain,
            $($items:tt)*
        }
    ) => {
        $crate::tf::lifecycle::resource! {
            impl Resource for $ty {
                state: $state,
                private: $private,
                schema: $schema,
                validate: $validate,

                async fn plan_create<'a>(
                    &self,
                    _diags: &mut ::tf_provider::Diagnostics,
                    proposed: $state,
                    config: $state,
                    _meta: ::tf_provider::value::ValueEmpty,
                ) -> Option<($state, $private)> {
                    let planned = $crate::tf::plan::plan_create(proposed, &config);
                    Some((planned, <$private>::default()))
                }

                async fn plan_update<'a>(
                    &self,
                    _diags: &mut ::tf_provider::Diagnostics,
                    prior: $state,
                    proposed: $state,
                    config: $state,
                    private: $private,
                    _meta: ::tf_provider::value::ValueEmpty,
                ) -> Option<($state, $private, Vec<::tf_provider::AttributePath>)> {
                    let (planned, replace) = $crate::tf::plan::plan_update(proposed, &prior, &config);
                    Some((planned, private, replace))
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
        #[::async_trait::async_trait]
        impl ::tf_provider::Resource for $ty {
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
