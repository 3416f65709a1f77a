"""Programs from a YAML file (WEAKTIE_PROGRAMS) for teams that keep configuration in git. Every
setting is checked by the core (program_from_dict); each problem reads FILE:LINE: path: message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.cadence import describe
from bot.core.model import known_zone
from bot.core.programs import Program, ProgramError, program_from_dict
from bot.errors import WeaktieError
from bot.service import scope

SETTINGS = tuple(sorted(f.name for f in fields(Program)))
STATES = ("active", "paused")
PLATFORMS = ("slack", "teams")
TENANT_KEYS = ("tenant", "platform", "programs")


class ProgramFileError(WeaktieError):
    """The file cannot be used; every problem found, one a line, each with its file and line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class FileProgram:
    tenant: str
    program: Program
    state: str | None  # None: the stored state stays (a pause said in chat survives a reload)
    line: int


@dataclass(frozen=True, slots=True)
class ProgramFile:
    path: str
    programs: tuple[FileProgram, ...]
    platforms: Mapping[str, str]  # tenant -> platform, where the file names one
    tenant_lines: Mapping[str, int]


def load_programs(path: str) -> list[tuple[str, Program]]:
    """(tenant, program) for every program in the file; ProgramFileError naming file and line."""
    return [(entry.tenant, entry.program) for entry in read(path).programs]


def read(path: str) -> ProgramFile:
    """Parse and check the whole file; any problem raises ProgramFileError listing them all."""
    reader = _Reader(path)
    root = reader.compose()
    blocks = root.value if isinstance(root, SequenceNode) else [root]
    for index, block in enumerate(blocks):
        reader.tenant(block, f"[{index}]." if isinstance(root, SequenceNode) else "")
    if reader.problems:
        raise ProgramFileError([text for _, text in sorted(reader.problems, key=lambda p: p[0])])
    return ProgramFile(path, tuple(reader.programs), reader.platforms, reader.tenant_lines)


def sync(store, parsed: ProgramFile, now: datetime) -> list[tuple[FileProgram, str]]:
    """Save the file's programs in one transaction: (entry, 'created'|'updated'|'unchanged').
    Programs stored but absent from the file are left alone."""
    known = set(store.tenant_names())
    missing = [f"{parsed.path}:{line}: tenant '{tenant}' is not in the database yet: install the "
               f"app there first, or add 'platform: slack' (or teams) to create it"
               for tenant, line in parsed.tenant_lines.items()
               if tenant not in known and tenant not in parsed.platforms]
    if missing:
        raise ProgramFileError(missing)
    resolved, problems = [], []
    for entry in parsed.programs:  # `#general` becomes its channel's id, or the file is refused
        try:
            names = store.channel_names(entry.tenant)
            resolved.append((entry.tenant, scope.resolve(entry.program, names), entry.state))
        except scope.UnknownChannel as exc:
            problems.append(f"{parsed.path}:{entry.line}: programs.{entry.program.name}.{exc}")
    if problems:
        raise ProgramFileError(problems)
    outcomes = store.sync_programs(resolved, now, dict(parsed.platforms))
    return list(zip(parsed.programs, outcomes, strict=True))


def summary(entry: FileProgram) -> str:
    """One line about a program, its cadence in words."""
    program = entry.program
    when = (f"{describe(program.cadence)} ({program.timezone})" if program.cadence
            else "no cadence (runs only by 'weaktie round')")
    how = "in person" if program.in_person else "in person or remote"
    state = "" if entry.state is None else f", {entry.state}"
    return (f"{entry.tenant} {program.name}: {when}; groups of {program.group_size}, {how}, "
            f"{program.enrolment}{state}")


class _Reader:
    """Walks the composed YAML nodes, which keep their lines, collecting every problem."""

    def __init__(self, path: str):
        self.path, self.problems = path, []  # (line, text), sorted by line at the end
        self.programs: list[FileProgram] = []
        self.platforms: dict[str, str] = {}
        self.tenant_lines: dict[str, int] = {}

    def compose(self) -> Node:
        try:
            text = Path(self.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProgramFileError([f"{self.path}: cannot read the file: {exc}"]) from None
        try:
            yaml.safe_load(text)  # refuses what safe_load refuses (python tags, bad merges), with marks
            root = yaml.compose(text, Loader=yaml.SafeLoader)  # again: building values alters nodes
        except yaml.MarkedYAMLError as exc:
            mark, began = exc.problem_mark or exc.context_mark, exc.context_mark
            context = f" ({exc.context} on line {began.line + 1})" if began and exc.context else ""
            raise ProgramFileError([f"{self.path}:{mark.line + 1}: not valid YAML: {exc.problem}"
                                    f"{context}"]) from None
        if not isinstance(root, (MappingNode, SequenceNode)):
            line = 1 if root is None else _line(root)
            raise ProgramFileError([f"{self.path}:{line}: expected 'tenant:' and 'programs:' "
                                    "(or a list of them, one per tenant)"])
        return root

    def problem(self, node: Node, message: str) -> None:
        self.problems.append((_line(node), f"{self.path}:{_line(node)}: {message}"))

    def tenant(self, block: Node, where: str) -> None:
        if not isinstance(block, MappingNode):
            return self.problem(block, f"{where.rstrip('.') or 'file'}: expected 'tenant:' and "
                                       "'programs:'")
        items = self.items(block, where)
        for key, (key_node, _) in items.items():
            if key not in TENANT_KEYS:
                self.problem(key_node, f"{where}{key}: unknown key (expected {', '.join(TENANT_KEYS)})")
        tenant = self.text(items, "tenant", where, block, "the Slack team id (T...) or Teams "
                                                         "tenant id the programs belong to")
        platform = items.get("platform")
        if platform and _value(platform[1]) not in PLATFORMS:
            self.problem(platform[1], f"{where}platform: expected slack or teams")
        if tenant in self.tenant_lines:
            self.problem(items["tenant"][1], f"{where}tenant: '{tenant}' is already on line "
                                             f"{self.tenant_lines[tenant]}; list its programs once")
        elif tenant is not None:
            self.tenant_lines[tenant] = _line(items["tenant"][0])
            if platform and _value(platform[1]) in PLATFORMS:
                self.platforms[tenant] = _value(platform[1])
        listed = items.get("programs")
        if listed is None or not isinstance(listed[1], SequenceNode):
            return self.problem(listed[0] if listed else block,
                                f"{where}programs: expected a list of programs ('- name: ...')")
        names: dict[str, int] = {}
        for index, node in enumerate(listed[1].value):
            self.program(node, f"{where}programs[{index}]", tenant, names)

    def program(self, node: Node, where: str, tenant: str | None, names: dict[str, int]) -> None:
        if not isinstance(node, MappingNode):
            return self.problem(node, f"{where}: expected a program's settings ('name: ...')")
        items, before = self.items(node, f"{where}."), len(self.problems)
        name = self.text(items, "name", f"{where}.", node, "every program needs a name")
        settings, state = {}, None
        for key, (key_node, value_node) in items.items():
            value = _value(value_node)
            if key == "name" and name is None:
                continue  # reported already
            if key == "state":
                state = value if value in STATES else self.problem(value_node, f"{where}.state: "
                                                                              "expected active or paused")
            elif key not in SETTINGS:
                self.problem(key_node, f"{where}.{key}: unknown setting (known: "
                                       f"{', '.join(SETTINGS + ('state',))})")
            elif self.setting(where, key, value, items[key]):
                settings[key] = value
        if name is not None and name in names:
            self.problem(items["name"][1], f"{where}.name: '{name}' is already the name of the "
                                           f"program on line {names[name]}")
        elif name is not None:
            names[name] = _line(node)
        if len(self.problems) > before or tenant is None:
            return None
        try:
            program = program_from_dict(settings)  # settings that are wrong only together
        except ProgramError as exc:
            return self.problem(node, f"{where}.{exc}")
        self.programs.append(FileProgram(tenant, program, state, _line(node)))

    def setting(self, where: str, key: str, value, nodes: tuple[Node, Node]) -> bool:
        """Check one setting alone, so that its problem gets its own line."""
        try:
            program_from_dict({key: value})
        except ProgramError as exc:
            self.problem(_deepest(nodes, str(exc)), f"{where}.{exc}")
            return False
        except (TypeError, ValueError, AttributeError):  # a shape the core's checks did not expect
            self.problem(nodes[0], f"{where}.{key}: not understood; see docs/programs.md for its form")
            return False
        if key == "timezone" and not known_zone(value):
            self.problem(nodes[1], f"{where}.timezone: unknown time zone '{value}' (an IANA "
                                   "name such as Europe/Lisbon)")
            return False
        return True

    def items(self, node: MappingNode, where: str) -> dict[str, tuple[Node, Node]]:
        """key -> (key node, value node); a key given twice is a problem (YAML would keep the
        last silently). Keys merged in with `<<: *anchor` may be overridden, as YAML says."""
        own: dict[str, Node] = {}
        for key, _ in node.value:
            if isinstance(key, ScalarNode) and key.value in own:
                self.problem(key, f"{where}{key.value}: given twice (first on line "
                                  f"{_line(own[key.value])})")
            own.setdefault(str(key.value), key)
        SafeConstructor().flatten_mapping(node)
        return {str(key.value): (key, value) for key, value in node.value}

    def text(self, items, key: str, where: str, parent: Node, meaning: str) -> str | None:
        found = items.get(key)
        value = None if found is None else _value(found[1])
        if isinstance(value, str) and value.strip():
            return value
        self.problem(parent if found is None else found[1],
                     f"{where}{key}: {'missing' if found is None else 'expected text'} ({meaning})")
        return None


def _value(node: Node):
    """The node as plain data, built the way yaml.safe_load would (no arbitrary objects)."""
    return SafeConstructor().construct_object(node, deep=True)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _deepest(nodes: tuple[Node, Node], message: str) -> Node:
    """The key a core message names ('weights.bridge: ...' -> the line of bridge under weights)."""
    key_node, value_node = nodes
    for part in message.split(":", 1)[0].split(".")[1:]:
        inner = {str(k.value): (k, v) for k, v in value_node.value} \
            if isinstance(value_node, MappingNode) else {}
        if part not in inner:
            break
        key_node, value_node = inner[part]
    return key_node


