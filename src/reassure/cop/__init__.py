"""The common operational picture: FastAPI app, API and the offline web client."""
