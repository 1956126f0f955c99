from ninja import NinjaAPI

api = NinjaAPI(title="Fotfäste API", version="1", urls_namespace="api")
