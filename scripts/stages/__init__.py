"""The pipeline's stages, in order: load, validate, clean, segment, link,
render, export. Each takes the previous stage's frozen output."""
