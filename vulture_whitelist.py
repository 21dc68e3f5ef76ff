"""Names vulture (``make lint``) cannot see used: MkDocs calls the plugin's
event methods by name, Jinja its bytecode-cache methods, and MkDocs, Jinja
and RE2 read the attributes set here. Each line names one such use."""

# ruff: noqa
from scripts.plugin import PortalPlugin
from scripts.preview import _Bytecode

PortalPlugin                # the entry point `mkdocs.plugins` in pyproject.toml
PortalPlugin.on_startup     # MkDocs' plugin events
PortalPlugin.on_shutdown
PortalPlugin.on_serve
PortalPlugin.on_config
PortalPlugin.on_pre_build
PortalPlugin.on_files
PortalPlugin.on_env
PortalPlugin.on_page_markdown
PortalPlugin.on_page_content
PortalPlugin.on_page_context
PortalPlugin.on_post_page
PortalPlugin.on_post_build
PortalPlugin.on_build_error
_Bytecode.load_bytecode     # jinja2.BytecodeCache
_Bytecode.dump_bytecode

_.edit_uri                  # mkdocs File: the edit link of a generated page
_.is_modified               # mkdocs File: read by a dirty build
_.bytecode_cache            # jinja2.Environment
_.search_index_prev         # Material's search plugin
_.log_errors                # re2.Options
