"""The REST API (django-ninja): OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from preau.accounts.api import router as accounts_router
from preau.api_auth import AUTH
from preau.catalog.api import router as catalog_router
from preau.evaluation.api import router as evaluation_router
from preau.indicators.api import router as indicators_router
from preau.network.api import router as network_router
from preau.registrations.api import router as registrations_router
from preau.selftraining.api import router as selftraining_router

api = NinjaAPI(
    title="Préau API",
    version="1.0.0",
    description=(
        "Read and write Préau's records. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, created on your account page). "
        "Public data (the network, the published catalog) needs no token."
    ),
    urls_namespace="api-1.0.0",
)
api.add_router("/me", accounts_router, auth=AUTH, tags=["accounts"])
api.add_router("/network", network_router, tags=["network"])
api.add_router("/catalog", catalog_router, tags=["catalog"])
api.add_router("", registrations_router, tags=["sessions and registrations"])
api.add_router("/evaluation", evaluation_router, tags=["evaluation"])
api.add_router("/indicators", indicators_router, tags=["indicators"])
api.add_router("/selftraining", selftraining_router, tags=["self-training"])
