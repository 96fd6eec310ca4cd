"""EmotionThinker GRPO-PTR rewards for verl and TRL (issue 17), Python standard library only.

Every reward comes from the app's reward server (`npx emotionthinker reward-server`), which runs the
very TypeScript code of the app's own GRPO-PTR: R = 0.3 R_format + 1.0 R_outcome + 0.5 tau R_reason,
tau per group, R_reason from the reasoning reward model once the progressive schedule has it on.
This file only carries completions there and the numbers back; it computes nothing itself.

Settings (environment):
  EMOTIONTHINKER_REWARD_URL         the server (default http://127.0.0.1:8765)
  EMOTIONTHINKER_REWARD_TOKEN       its token, or
  EMOTIONTHINKER_REWARD_TOKEN_FILE  a file holding it (the server writes one)
  EMOTIONTHINKER_RUN                which progressive schedule the steps count for (default "default")
The label set comes from rl_job.json beside this file (written by `emotionthinker export-rl`).

Entry points:
  compute_score(data_source, solution_str, ground_truth, extra_info=None)   verl, naive reward manager
  compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs)
                                                                            verl, batch reward manager
  reward(prompts, completions, **kwargs) -> list[float]                     TRL GRPOTrainer
tau and R_reason compare the K completions of one clip, so only the batch entry points (which see a
whole group) give GRPO-PTR; compute_score scores one completion alone: format and outcome.
"""

import json
import os
import urllib.error
import urllib.request

_HERE = os.path.dirname(os.path.abspath(__file__))
_CRITERIA = ("factualAlignment", "interpretativeQuality", "captionCompleteness", "fluencyStructure")

# What the last TRL call scored, per completion, for callbacks that want to log the components.
last_breakdown = []


class RewardServerError(RuntimeError):
    """The reward server refused a batch (its code and message), or could not be reached."""


def _job():
    with open(os.path.join(_HERE, "rl_job.json"), encoding="utf-8") as f:
        return json.load(f)


def _token():
    token = os.environ.get("EMOTIONTHINKER_REWARD_TOKEN")
    if token:
        return token.strip()
    path = os.environ.get("EMOTIONTHINKER_REWARD_TOKEN_FILE")
    if path:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    raise RewardServerError("set EMOTIONTHINKER_REWARD_TOKEN or EMOTIONTHINKER_REWARD_TOKEN_FILE")


def _post(body):
    url = os.environ.get("EMOTIONTHINKER_REWARD_URL", "http://127.0.0.1:8765").rstrip("/") + "/v1/score"
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"content-type": "application/json", "authorization": "Bearer " + _token()},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=float(os.environ.get("EMOTIONTHINKER_REWARD_TIMEOUT", "600"))) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        try:
            detail = json.loads(error.read().decode("utf-8"))["error"]
            raise RewardServerError("%s: %s" % (detail["code"], detail["message"])) from None
        except (ValueError, KeyError):
            raise RewardServerError("HTTP %d from %s" % (error.code, url)) from None
    except urllib.error.URLError as error:
        raise RewardServerError("cannot reach the reward server at %s: %s" % (url, error.reason)) from None


def _clip(info, truth):
    """The group fields of one row: its clip, truth and the measurements the rewards read."""
    info = info or {}
    group = {"clipId": str(info.get("clip_id") or truth), "truth": str(truth)}
    if info.get("prosody_json"):
        group["prosody"] = json.loads(info["prosody_json"])
    if info.get("functionals_json"):
        group["functionals"] = json.loads(info["functionals_json"])
    return group


def _components(rewards):
    """One completion's rewards as the flat numbers verl logs (0 where R_reason was not scored)."""
    out = {
        "score": rewards["total"],
        "format": rewards["format"],
        "outcome": rewards["outcome"],
        "reason": rewards["reason"] if rewards["reason"] is not None else 0.0,
        "reason_scored": 1.0 if rewards["reason"] is not None else 0.0,
        "trust": rewards["trust"],
    }
    for name in _CRITERIA:
        out[name] = rewards["criteria"][name] if rewards["criteria"] else 0.0
    return out


def _score_rows(rows, reasoning="schedule"):
    """rows: (clip fields, completion text). Rows of one clip are one group, in order of arrival."""
    groups, where = [], []
    index = {}
    for fields, text in rows:
        key = fields["clipId"]
        if key not in index:
            index[key] = len(groups)
            groups.append(dict(fields, completions=[]))
        where.append((index[key], len(groups[index[key]]["completions"])))
        groups[index[key]]["completions"].append({"text": text})
    answer = _post(
        {
            "run": os.environ.get("EMOTIONTHINKER_RUN", "default"),
            "reasoning": reasoning,
            "labels": _job()["labels"],
            "groups": groups,
        }
    )
    return [_components(answer["groups"][g]["rewards"][k]) for g, k in where]


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    """verl's per-sample reward: one completion alone, so format and outcome (R_reason needs its group)."""
    return _score_rows([(_clip(extra_info, ground_truth), solution_str)], reasoning="off")[0]


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs):
    """verl's batch reward manager: the whole step's completions, grouped by clip: GRPO-PTR."""
    rows = [(_clip(info, truth), text) for info, truth, text in zip(extra_infos, ground_truths, solution_strs)]
    return _score_rows(rows)


def _completion_text(completion):
    # TRL passes plain strings, or for a conversational dataset a list of messages.
    if isinstance(completion, str):
        return completion
    return "".join(message.get("content", "") for message in completion if message.get("role") == "assistant")


def reward(prompts, completions, **kwargs):
    """TRL's reward function: the dataset's extra columns arrive as lists, one value per completion."""
    global last_breakdown
    truths = kwargs["truth"]
    rows = []
    for i, completion in enumerate(completions):
        info = {name: kwargs[name][i] for name in ("clip_id", "prosody_json", "functionals_json") if name in kwargs}
        rows.append((_clip(info, truths[i]), _completion_text(completion)))
    last_breakdown = _score_rows(rows)
    return [row["score"] for row in last_breakdown]


# TRL logs a reward function under its __name__.
reward.__name__ = "emotionthinker_grpo_ptr"
