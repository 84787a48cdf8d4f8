"""One pass over libyaml's events: a pack file's data and the position of each value and key."""

# What yamlpos's node composer, PyYAML's SafeConstructor and the positions walk make
# together, made at once without node objects: the same data (implicit types resolved and
# built by SafeConstructor's own functions, aliases sharing one object), the same
# positions (a path reached through an alias too) and the same bounds, checked in the same
# order with the same messages. A document the constructor would refuse, or would build
# in a way this pass does not copy (a key that is a list, `=`, a tag on the wrong kind),
# raises Unsure: yamlpos then reads it the exact way, for PyYAML's own error.

from __future__ import annotations

from typing import Any

from yaml import events
from yaml.composer import ComposerError
from yaml.nodes import ScalarNode

STR, SEQ, MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
MERGE = "tag:yaml.org,2002:merge"
PLAIN_TAGS = {STR, SEQ, MAP}
# What a refused document is told, here and by yamlpos's exact path alike.
TOO_MANY = "the document expands to more than {} values (aliases included); a pack file must be smaller"
TOO_LONG = "the document expands to more than {} characters (aliases included); a pack file must be smaller"
TOO_DEEP = "nested more than {} levels deep"
MERGE_KEYS = "merge keys (<<) are not supported; write the fields out"
Positions = tuple[dict[tuple[Any, ...], tuple[int, int, str]], dict[tuple[Any, ...], tuple[int, int]]]


class Unsure(Exception):
    """The document needs PyYAML's own constructor: for its error, or for what it makes."""


def fail(problem: str, mark: Any) -> ComposerError:
    return ComposerError(None, None, problem, mark)


def twice(key: str, first: tuple[int, int], mark: Any) -> ComposerError:
    """A key given twice in one mapping: YAML keeps the last value silently, so it is refused."""
    return fail(f"the key `{key}` is given twice in this mapping (first at line {first[0]}); give each field once", mark)


def refuse_tag(tag: str, mark: Any) -> ComposerError:
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    return fail(f"the tag `{shown}` is not allowed here; write plain text, numbers, lists and mappings", mark)


def build(loader: Any, max_depth: int, max_values: int, max_chars: int) -> tuple[Any, Positions] | None:
    """The document's data and positions (values, keys), or None for an empty stream.

    `loader` is a PyYAML safe loader (libyaml's or the pure-Python one) that nothing has
    read from. Raises ComposerError (or the parser's error) as yamlpos's composer would,
    and Unsure for a document that needs the exact path."""
    get, check = loader.get_event, loader.check_event
    get()  # stream start
    if check(events.StreamEndEvent):
        get()
        return None
    document = get()
    resolvers: dict[Any, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
    wildcard = resolvers.get(None, [])
    exact_resolve = bool(loader.yaml_path_resolvers)
    constructors = loader.yaml_constructors
    too_many, too_long = TOO_MANY.format(max_values), TOO_LONG.format(max_chars)
    values: dict[tuple[Any, ...], tuple[int, int, str]] = {}
    keys: dict[tuple[Any, ...], tuple[int, int]] = {}
    # anchor -> data, values, characters, levels, then for a scalar its text and position,
    # for a collection where its positions start and end in `log` (its own comes first)
    anchors: dict[str, tuple[Any, int, int, int, Any, Any]] = {}
    log: list[tuple[bool, tuple[Any, ...], Any]] = []  # positions made inside an anchored node
    recording = 0  # anchored collections open
    # a frame: data, is a mapping, path, values before, chars before, anchor, levels below,
    # key expected, key, key's text, where its positions start in `log`, its keys so far
    # ((type, data) -> where the key first is: a key given twice is refused; `1` and `01`
    # are one key, `1` and `true` two)
    stack: list[list[Any]] = []
    counted_values = counted_chars = 0
    root: Any = None
    scalar_event, alias_event, end_event = events.ScalarEvent, events.AliasEvent, events.DocumentEndEvent
    start_events = (events.SequenceStartEvent, events.MappingStartEvent)

    while True:
        event: Any = get()
        kind = type(event)
        if kind is end_event:
            break
        frame = stack[-1] if stack else None
        as_key = frame is not None and frame[1] and frame[7]
        if frame is None:
            path: tuple[Any, ...] = ()
        elif frame[1]:
            path = frame[2] if as_key else frame[2] + (frame[9],)
        else:
            path = frame[2] + (len(frame[0]),)

        if kind is scalar_event:
            value: str = event.value
            tag = event.tag
            if tag is None or tag == "!":
                tag = STR
                if event.implicit[0]:
                    if exact_resolve:
                        tag = loader.resolve(ScalarNode, value, event.implicit)
                    else:
                        for candidate, pattern in resolvers.get(value[:1], []) + wildcard if wildcard else resolvers.get(value[:1], ()):
                            if pattern.match(value):
                                tag = candidate
                                break
                    if tag == MERGE:
                        raise fail(MERGE_KEYS, event.start_mark)
            elif tag not in PLAIN_TAGS:
                raise refuse_tag(tag, event.start_mark)
            counted_values += 1
            counted_chars += len(value)
            if counted_values > max_values:
                raise fail(too_many, event.start_mark)
            if counted_chars > max_chars:
                raise fail(too_long, event.start_mark)
            if tag == STR:
                data: Any = value
            elif tag in constructors and tag not in (SEQ, MAP):
                node: Any = ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
                try:
                    data = constructors[tag](loader, node)
                except Exception:  # any refusal: the exact path reports it
                    raise Unsure from None
            else:
                raise Unsure
            mark = event.start_mark
            position = (mark.line + 1, mark.column + 1, event.style or "")
            if event.anchor is not None:
                anchors[event.anchor] = (data, 1, len(value), 0, value, position)
            levels = 0
            if as_key:
                if (type(data), data) in frame[11]:  # type: ignore[index]
                    raise twice(value, frame[11][type(data), data], mark)  # type: ignore[index]
                frame[11][type(data), data] = position[:2]  # type: ignore[index]
                keys[path + (value,)] = position[:2]
                if recording:
                    log.append((True, path + (value,), position[:2]))
            else:
                values[path] = position
                if recording:
                    log.append((False, path, position))

        elif kind is alias_event:
            if event.anchor not in anchors:
                raise fail(f"found undefined alias {event.anchor}", event.start_mark)
            data, count, chars, levels, text, where = anchors[event.anchor]
            if len(stack) + levels > max_depth:
                raise fail(TOO_DEEP.format(max_depth) + " (aliases included)", event.start_mark)
            counted_values += count
            counted_chars += chars
            if counted_values > max_values:
                raise fail(too_many, event.start_mark)
            if counted_chars > max_chars:
                raise fail(too_long, event.start_mark)
            if as_key:
                if levels:
                    raise Unsure  # a list or mapping as a key
                if (type(data), data) in frame[11]:  # type: ignore[index]
                    raise twice(text, frame[11][type(data), data], event.start_mark)  # type: ignore[index]
                frame[11][type(data), data] = where[:2]  # type: ignore[index]
                keys[path + (text,)] = where[:2]
                if recording:
                    log.append((True, path + (text,), where[:2]))
            elif not levels:
                values[path] = where
                if recording:
                    log.append((False, path, where))
            else:
                prefix = len(log[text][1])  # the anchored node's own path, its first entry
                for index in range(text, where):
                    is_key, at, position = log[index]
                    replayed = path + at[prefix:]
                    if is_key:
                        keys[replayed] = position
                    else:
                        values[replayed] = position
                    if recording:
                        log.append((is_key, replayed, position))

        elif kind in start_events:
            if len(stack) >= max_depth:
                raise fail(TOO_DEEP.format(max_depth), event.start_mark)
            mapping = kind is events.MappingStartEvent
            tag = event.tag
            if tag is not None and tag != "!" and tag not in PLAIN_TAGS:
                raise refuse_tag(tag, event.start_mark)
            if as_key or (tag is not None and tag != "!" and tag != (MAP if mapping else SEQ)):
                raise Unsure  # a list or mapping as a key; !!str on a list, !!seq on a mapping
            data = {} if mapping else []
            new = [data, mapping, path, counted_values, counted_chars, event.anchor, 0, True, None, None, len(log), {}]
            counted_values += 1
            if counted_values > max_values:
                raise fail(too_many, event.start_mark)
            mark = event.start_mark
            position = (mark.line + 1, mark.column + 1, "")
            if event.anchor is not None:
                recording += 1
            values[path] = position
            if recording:
                log.append((False, path, position))
            levels = -1  # placed now, its levels counted when it ends

        else:  # the end of a sequence or mapping
            done = stack.pop()
            levels = done[6] + 1
            if done[5] is not None:
                anchors[done[5]] = (done[0], counted_values - done[3], counted_chars - done[4], levels, done[10], len(log))
                recording -= 1
            if stack:
                stack[-1][6] = max(stack[-1][6], levels)
            continue

        if frame is None:
            root = data
        elif as_key:
            frame[7], frame[8], frame[9] = False, data, text if kind is alias_event else value
        elif frame[1]:
            frame[0][frame[8]] = data
            frame[7] = True
        else:
            frame[0].append(data)
        if frame is not None and levels > 0:
            frame[6] = max(frame[6], levels)
        if levels < 0:
            stack.append(new)

    if not check(events.StreamEndEvent):
        event = get()
        raise ComposerError(
            "expected a single document in the stream", document.start_mark, "but found another document", event.start_mark
        )
    return root, (values, keys)
