//! What every GraphQL request passes before async-graphql parses, validates and executes it,
//! whether it came over HTTP (which admits it itself, to answer with the right status) or over a
//! WebSocket (admitted by the [`Admission`] extension): a persisted query's hash resolved to its
//! document, then the document's limits, then text no one types (U+0000).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest,
};
use async_graphql::{Request, Response, ServerResult};

use super::persisted::PersistedQueries;
use super::{limits, nul};

/// Resolves a persisted query and checks the document's limits, leaving it parsed.
pub fn admit(persisted: &PersistedQueries, request: &mut Request) -> ServerResult<()> {
    let remember = persisted.resolve(request)?;
    limits::check(request)?;
    nul::check_variables(&request.variables)?;
    if let Ok(document) = request.parsed_query() {
        nul::check_document(document)?;
    }
    if let Some(remember) = remember {
        persisted.remember(remember, &request.query);
    }
    Ok(())
}

/// In a request's data: the HTTP layer admitted it already.
pub struct Admitted;

/// In a request's data: set once the operation starts executing, i.e. the request passed
/// parsing, validation and operation selection. A response that never got there is a *request
/// error*: it has no `data` entry, and over HTTP it is answered 400 under
/// `application/graphql-response+json`.
#[derive(Default)]
pub struct ExecutionStarted(AtomicBool);

impl ExecutionStarted {
    pub fn started(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

pub struct Admission {
    persisted: Arc<PersistedQueries>,
}

impl Admission {
    pub fn new(persisted: Arc<PersistedQueries>) -> Self {
        Admission { persisted }
    }
}

impl ExtensionFactory for Admission {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AdmissionExtension {
            persisted: self.persisted.clone(),
        })
    }
}

struct AdmissionExtension {
    persisted: Arc<PersistedQueries>,
}

#[async_trait::async_trait]
impl Extension for AdmissionExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if request
            .data
            .get(&std::any::TypeId::of::<Admitted>())
            .is_none()
        {
            admit(&self.persisted, &mut request)?;
        }
        next.run(ctx, request).await
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(mark) = ctx.data_opt::<Arc<ExecutionStarted>>() {
            mark.0.store(true, Ordering::Release);
        }
        next.run(ctx, operation_name).await
    }
}
