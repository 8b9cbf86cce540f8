"""Facts shipped with the library as package data, read through typed loaders."""
