"""One module per area: auth (sign in and out, language), cases (the editor, versions,
downloads), registry (list, import, meta), catalogue, api (JSON under /api/v1)."""
