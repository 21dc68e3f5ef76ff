"""Names vulture (``make lint``) cannot see used: MkDocs loads the plugin
through its entry point (its ``on_*`` event methods, called by name, are
ignored in pyproject.toml), Jinja calls the bytecode-cache methods, and MkDocs, Jinja
and RE2 read the attributes set here. Each line names one such use."""

# ruff: noqa
from scripts.plugin import PortalPlugin
from scripts.preview.internals import _Bytecode

PortalPlugin                # the entry point `mkdocs.plugins` in pyproject.toml
_Bytecode.load_bytecode     # jinja2.BytecodeCache
_Bytecode.dump_bytecode

_.edit_uri                  # mkdocs File: the edit link of a generated page
_.is_modified               # mkdocs File: read by a dirty build
_.bytecode_cache            # jinja2.Environment
_.search_index_prev         # Material's search plugin
_.log_errors                # re2.Options
_.indentless                # yaml.Emitter.increase_indent's keyword, kept by an override (entryfiles.py)
