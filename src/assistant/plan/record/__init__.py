"""The project record: everything a trajectory decides in step 0 and the ten steps.

Its rooms, lowest first (each imports only the ones above it in this list):
- errors.py: RecordError, FieldPathError, ParseError (a Dutch and an English message each);
- parsing.py: reading typed text (aliases, list lines, "key: value" parts, yes/no, numbers);
- enums.py: the vocabulary enums with their Dutch and English labels and aliases;
- status.py: filled or not, step status, required fields, what step 9 judges;
- model.py: the pydantic models, `ProjectRecord`, `new_record`, `format_value`;
- paths.py: dotted field paths (`field_spec`, `get_field`, `set_field`), parsing a typed answer
  for a path, list entries by id, `judge`.

Every public name is re-exported here, so ``from assistant.plan import record as rec; rec.X``
keeps working.
"""

from assistant.plan.record.enums import (
    Aspect,
    FinalVerdict,
    FundamentalRight,
    JudgementVerdict,
    LabeledEnum,
    Outcome,
    Procedure,
    ProcurementStrategy,
    RequirementKind,
    SourceKind,
)
from assistant.plan.record.errors import (
    FieldPathError,
    ParseError,
    RecordError,
)
from assistant.plan.record.model import (
    stored_form,
    SCHEMA_VERSION,
    Assessment,
    Barrier,
    Contact,
    Criterion,
    Entry,
    IPArrangements,
    Judgement,
    Lang,
    OneLine,
    OutcomePlan,
    Precondition,
    Preconditions,
    ProjectMeta,
    ProjectRecord,
    Requirement,
    RightImpact,
    RightsCheck,
    ShortlistItem,
    Step0,
    Step1,
    Step10,
    Step2,
    Step3,
    Step4,
    Step5,
    Step6,
    Step7,
    Step8,
    Step9,
    Technology,
    TextEntry,
    find_requirement,
    WEIGHT_NAMED_RE,
    BRACKETED_PERCENT_RE,
    weight_in_words,
    format_value,
    new_id,
    named_as,
    new_record,
    utcnow,
)
from assistant.plan.record.parsing import (
    _norm,  # the conversation matches typed keys ("doel:") with the same normalisation
    clean_text,
    only_fillers,
    opens_undecided,
    says_not_applicable,
    says_not_known_yet,
    is_list_mark,
    strip_list_mark,
    parse_bool,
    parse_number,
    without_answer_word,
)
from assistant.plan.record.paths import (
    MAX_LIST_ENTRIES,
    MAX_TOTAL_ENTRIES,
    FieldKind,
    FieldSpec,
    RelinkedCriterion,
    add_entry,
    apply_text,
    check_room,
    choice_rest,
    clear_field,
    edit_entry,
    field_spec,
    find_entry,
    get_field,
    is_valid_path,
    judge,
    list_fields,
    entry_name,
    parse_entry,
    parse_value,
    relink_criteria,
    typed_parts,
    pasted_header,
    remove_entry,
    set_field,
)
from assistant.plan.record.status import (
    REQUIRED_FIELDS,
    STEP_NUMBERS,
    StepStatus,
    counts_as_answered,
    find_judgement,
    has_content,
    is_filled,
    judgement_items,
    missing_fields,
    next_open_step,
    reads_as_judged,
    step_status,
    unjudged_items,
)

__all__ = [
    "SCHEMA_VERSION", "STEP_NUMBERS", "REQUIRED_FIELDS", "ProjectRecord", "ProjectMeta",
    "Step0", "Step1", "Step2", "Step3", "Step4", "Step5", "Step6", "Step7", "Step8", "Step9",
    "Step10", "Preconditions", "Precondition", "OneLine", "Entry", "TextEntry", "Technology",
    "Contact", "Assessment", "RightImpact", "RightsCheck", "ShortlistItem", "Requirement",
    "Criterion", "OutcomePlan", "IPArrangements", "Judgement", "Barrier", "LabeledEnum",
    "Aspect", "RequirementKind", "SourceKind", "ProcurementStrategy", "Procedure",
    "JudgementVerdict", "FinalVerdict", "Outcome", "FundamentalRight", "RecordError",
    "FieldPathError", "ParseError", "FieldSpec", "field_spec", "is_valid_path", "get_field",
    "set_field", "clear_field", "parse_entry", "typed_parts", "pasted_header", "entry_name", "parse_value", "choice_rest", "apply_text", "add_entry", "edit_entry",
    "remove_entry", "find_entry", "list_fields", "has_content", "is_filled", "step_status", "missing_fields",
    "next_open_step", "reads_as_judged", "judgement_items", "unjudged_items", "find_judgement", "judge",
    "find_requirement", "WEIGHT_NAMED_RE", "BRACKETED_PERCENT_RE", "weight_in_words", "named_as", "new_record", "new_id", "clean_text", "only_fillers", "stored_form", "opens_undecided", "says_not_applicable", "says_not_known_yet", "counts_as_answered", "is_list_mark", "strip_list_mark", "parse_bool", "parse_number", "without_answer_word",
    "format_value", "MAX_LIST_ENTRIES", "MAX_TOTAL_ENTRIES", "check_room",
    "RelinkedCriterion", "relink_criteria",
]
