"""The service's routes, one module per resource; each route declares its access (``deps``)."""
