"""An assessment saved with version X re-opens and re-scores with X after a newer release (9.7)."""
from __future__ import annotations

import json
import shutil

from assessment.document import score_document
from assessment.loader import Registry

from .helpers import MINI


def test_saved_with_1_0_0__rescored_with_1_0_0_after_1_1_0_is_released(tmp_path):
    (tmp_path / "mini").mkdir()
    shutil.copy(MINI, tmp_path / "mini" / "1.0.0.yaml")
    newer = MINI.read_text("utf-8").replace('version: "1.0.0"', 'version: "1.1.0"').replace(
        "{id: mod, text: Modéré ?, help: Parce que., tier: moderate, weight: 2}",
        "{id: mod, text: Modéré ?, help: Parce que., tier: high, weight: 3}")
    (tmp_path / "mini" / "1.1.0.yaml").write_text(newer, "utf-8")
    registry = Registry.scan(tmp_path)
    saved = json.dumps({"questionnaire": "mini", "version": "1.0.0", "answers": {"mod": "yes"}})

    _doc, loaded, result = score_document(saved, registry)
    assert loaded.questionnaire.version == "1.0.0" and result.questionnaire.version == "1.0.0"
    assert result.level.value == "low"  # 2 points under 1.0.0

    unpinned = json.dumps({"questionnaire": "mini", "answers": {"mod": "yes"}})
    _doc, loaded, result = score_document(unpinned, registry)
    assert loaded.questionnaire.version == "1.1.0" and result.level.value == "moderate"
    assert result.questionnaire.sha256 != registry.get("mini", "1.0.0").sha256
