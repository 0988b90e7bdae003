#include <catch2/catch.hpp>

#include "python_fixture.hpp"

using namespace codetrace;
using testing::model_of;
using testing::symbol;

TEST_CASE("module names follow packages") {
  std::vector<std::string> packages = {"src/shop", "src/shop/io", "shop"};
  std::sort(packages.begin(), packages.end());
  CHECK(module_name_for("src/shop/io/loader.py", packages, "") == "shop.io.loader");
  CHECK(module_name_for("src/shop/__init__.py", packages, "") == "shop");
  CHECK(module_name_for("scripts/run.py", packages, "") == "run");  // no package above: a script
  CHECK(module_name_for("main.py", {}, "") == "main");
  CHECK(module_name_for("shop/api.pyi", packages, "") == "shop.api");
  // The root is a package itself (its name is the prefix).
  std::vector<std::string> rooted = {""};
  CHECK(module_name_for("main.py", rooted, "app") == "app.main");
  CHECK(module_name_for("__init__.py", rooted, "app") == "app");
  // A folder without __init__.py inside a package is a namespace portion of it (PEP 420):
  // flask/sansio/app.py is flask.sansio.app, not app.
  std::vector<std::string> flask = {"", "json"};
  CHECK(module_name_for("sansio/app.py", flask, "flask") == "flask.sansio.app");
  CHECK(module_name_for("json/tag.py", flask, "flask") == "flask.json.tag");
  std::vector<std::string> nested = {"pkg", "pkg/ns/deep"};
  CHECK(module_name_for("pkg/ns/deep/mod.py", nested, "") == "pkg.ns.deep.mod");
  CHECK(module_name_for("pkg/ns/mod.py", nested, "") == "pkg.ns.mod");
}

TEST_CASE("symbols: qualified names, kinds, lines, nesting") {
  ModuleModel m = model_of(
      "\"\"\"Module doc.\"\"\"\n"          // 1
      "import functools\n"                  // 2
      "\n"                                  // 3
      "@functools.lru_cache(maxsize=8)\n"   // 4
      "def outer(x):\n"                     // 5
      "    def inner(y):\n"                 // 6
      "        return y\n"                  // 7
      "    return inner(x)\n"               // 8
      "\n"                                  // 9
      "class Base:\n"                       // 10
      "    pass\n"                          // 11
      "\n"                                  // 12
      "class Child(Base, metaclass=Meta):\n"// 13
      "    async def run(self, *a, k=1, **kw) -> int:\n"  // 14
      "        yield 1\n"                   // 15
      "if True:\n"                          // 16
      "    def conditional(): pass\n",      // 17
      "pkg/mod.py", "pkg.mod");
  REQUIRE(m.symbols.size() == 7);
  CHECK(m.symbols[0].kind == SymbolKind::Module);
  CHECK(m.symbols[0].docstring == "Module doc.");
  const Symbol& outer = symbol(m, "pkg.mod.outer");
  CHECK(outer.kind == SymbolKind::Function);
  CHECK(outer.start_line == 4);
  CHECK(outer.def_line == 5);
  CHECK(outer.end_line == 8);
  CHECK(outer.decorators == std::vector<std::string>{"functools.lru_cache(maxsize=8)"});
  const Symbol& inner = symbol(m, "pkg.mod.outer.inner");
  CHECK(inner.kind == SymbolKind::Function);
  CHECK(m.symbols[inner.parent].qualname == "pkg.mod.outer");
  const Symbol& child = symbol(m, "pkg.mod.Child");
  CHECK(child.bases == std::vector<std::string>{"Base", "metaclass=Meta"});
  const Symbol& run = symbol(m, "pkg.mod.Child.run");
  CHECK(run.kind == SymbolKind::Method);
  CHECK(run.signature.is_async);
  CHECK(run.is_generator);
  CHECK(run.signature.returns == "int");
  REQUIRE(run.signature.params.size() == 4);
  CHECK(run.signature.params[1].kind == ParamKind::VarPositional);
  CHECK(run.signature.params[2].kind == ParamKind::KeywordOnly);
  CHECK(run.signature.params[2].default_value == "1");
  CHECK(run.signature.params[3].kind == ParamKind::VarKeyword);
  CHECK(symbol(m, "pkg.mod.conditional").def_line == 17);
}

TEST_CASE("signatures: positional-only, defaults aligned to the last parameters, annotations") {
  ModuleModel m = model_of("def f(a, b: int = 2, /, c: 'str' = \"x\", *, d, e: list[int] = [1, 2]) -> None: ...\n");
  const Symbol& f = symbol(m, "m.f");
  REQUIRE(f.signature.params.size() == 5);
  CHECK(f.signature.params[0].kind == ParamKind::PositionalOnly);
  CHECK_FALSE(f.signature.params[0].has_default);
  CHECK(f.signature.params[1].annotation == "int");
  CHECK(f.signature.params[1].default_value == "2");
  CHECK(f.signature.params[2].kind == ParamKind::PositionalOrKeyword);
  CHECK(f.signature.params[2].default_value == "\"x\"");
  CHECK_FALSE(f.signature.params[3].has_default);
  CHECK(f.signature.params[4].default_value == "[1, 2]");
  CHECK(f.is_abstract_stub);
}

TEST_CASE("raise and return sites of the own body only; dataclass fields") {
  ModuleModel m = model_of(
      "from dataclasses import dataclass\n"
      "from typing import ClassVar\n"
      "def f(x):\n"
      "    if x < 0:\n"
      "        raise ValueError('negative')\n"
      "    try:\n"
      "        return g(x)\n"
      "    except KeyError:\n"
      "        raise\n"
      "    def nested():\n"
      "        raise TypeError\n"
      "    return None\n"
      "@dataclass(frozen=True)\n"
      "class P:\n"
      "    x: int\n"
      "    y: float = 0.5\n"
      "    registry: ClassVar[dict] = {}\n");
  const Symbol& f = symbol(m, "m.f");
  REQUIRE(f.raises.size() == 2);
  CHECK(f.raises[0].exception == "ValueError");
  CHECK(f.raises[0].line == 5);
  CHECK(f.raises[1].exception.empty());  // bare re-raise
  REQUIRE(f.returns.size() == 2);
  CHECK(f.returns[0].text == "g(x)");
  CHECK_FALSE(f.is_generator);
  const Symbol& p = symbol(m, "m.P");
  CHECK(p.is_dataclass);
  REQUIRE(p.fields.size() == 2);
  CHECK(p.fields[1].name == "y");
  CHECK(p.fields[1].default_value == "0.5");
}

TEST_CASE("comments attach to the definition or statement they annotate") {
  ModuleModel m = model_of(
      "# Shared settings.\n"            // 1
      "LIMIT = 10\n"                    // 2
      "\n"                              // 3
      "# Explains f.\n"                 // 4
      "# Second line.\n"                // 5
      "@decorator\n"                    // 6
      "def f(items):\n"                 // 7
      "    # Skip empty input early.\n" // 8
      "    if not items:\n"             // 9
      "        return 0\n"              // 10
      "    total = sum(items)  # adds them all up\n"  // 11
      "\n"                              // 12
      "    # Detached comment.\n"       // 13
      "\n"                              // 14
      "    return total\n");            // 15
  const Symbol& module = m.symbols[0];
  REQUIRE(module.commented_code.size() == 1);
  CHECK(module.commented_code[0].comment == "Shared settings.");
  CHECK(module.commented_code[0].start_line == 2);
  const Symbol& f = symbol(m, "m.f");
  CHECK(f.leading_comments == std::vector<std::string>{"Explains f.", "Second line."});
  CHECK(f.leading_comment_line == 4);
  REQUIRE(f.commented_code.size() == 2);
  CHECK(f.commented_code[0].comment == "Skip empty input early.");
  CHECK(f.commented_code[0].start_line == 9);
  CHECK(f.commented_code[0].end_line == 10);
  CHECK(f.commented_code[0].code == "if not items:");
  CHECK(f.commented_code[1].trailing);
  CHECK(f.commented_code[1].code == "total = sum(items)");
  CHECK(f.commented_code[1].start_line == 11);
}

TEST_CASE("a raise through with_traceback names the exception class") {
  ModuleModel m = model_of("def f(e, tb):\n    raise ImportStringError(f, e).with_traceback(tb)\n");
  const Symbol& f = symbol(m, "m.f");
  REQUIRE(f.raises.size() == 1);
  CHECK(f.raises[0].exception == "ImportStringError");
}

TEST_CASE("module globals: what top-level statements bind, and the imports that bind them, made absolute") {
  ModuleModel m = model_of(
      "import networkx as nx\nimport os.path\nfrom . import sibling\nfrom ..core import Graph as G\nfrom x import *\n"
      "if True:\n    LIMIT = 3\nelse:\n    LIMIT = 4\nfor i, (a, b) in []:\n    pass\nclass C: pass\ndef f(): local = 1\n",
      "pkg/sub/mod.py", "pkg.sub.mod");
  CHECK(m.globals == std::vector<std::string>{"C", "G", "LIMIT", "a", "b", "f", "i", "nx", "os", "sibling"});
  CHECK(m.star_import);
  CHECK(m.imported.at("nx") == "import networkx as nx");
  CHECK(m.imported.at("os") == "import os.path");
  CHECK(m.imported.at("sibling") == "from pkg.sub import sibling");
  CHECK(m.imported.at("G") == "from pkg.core import Graph as G");
  CHECK(m.imported.count("C") == 0);
  ModuleModel init = model_of("from .mod import f\n", "pkg/sub/__init__.py", "pkg.sub");
  CHECK(init.imported.at("f") == "from pkg.sub.mod import f");
}
