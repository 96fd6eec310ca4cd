"""Calls an export's emotionthinker_reward.py the way verl and TRL call a reward function (test aid).

python3 call-like-engines.py EXPORT_DIR CALLS_JSON  → prints one JSON list, a result per call.
CALLS_JSON holds a list of calls:
  {"engine": "verl-batch", "rows": [...verl rows...], "completions": [...]}
      → compute_score_batch(data_sources=, solution_strs=, ground_truths=, extra_infos=), as verl's
        BatchRewardManager passes them
  {"engine": "verl", "rows": [...], "completions": [...]}
      → compute_score(data_source, solution_str, ground_truth, extra_info) per row, as verl's
        NaiveRewardManager does
  {"engine": "trl", "rows": [...TRL rows...], "completions": [...]}
      → reward(prompts=, completions=, completion_ids=, **columns): every column but prompt as a
        list, as GRPOTrainer passes a batch
No engine is imported: only the adapter, with plain python3.
"""

import json
import sys

sys.path.insert(0, sys.argv[1])
import emotionthinker_reward  # noqa: E402

with open(sys.argv[2], encoding="utf-8") as f:
    calls = json.load(f)

results = []
for call in calls:
    rows, texts = call["rows"], call["completions"]
    if call["engine"] == "verl-batch":
        results.append(
            emotionthinker_reward.compute_score_batch(
                data_sources=[r["data_source"] for r in rows],
                solution_strs=texts,
                ground_truths=[r["reward_model"]["ground_truth"] for r in rows],
                extra_infos=[r["extra_info"] for r in rows],
            )
        )
    elif call["engine"] == "verl":
        results.append(
            [
                emotionthinker_reward.compute_score(r["data_source"], text, r["reward_model"]["ground_truth"], r["extra_info"])
                for r, text in zip(rows, texts)
            ]
        )
    elif call["engine"] == "trl":
        columns = {name: [r[name] for r in rows] for name in rows[0] if name != "prompt"}
        scores = emotionthinker_reward.reward(
            prompts=[r["prompt"] for r in rows],
            # Conversational datasets get completions as message lists.
            completions=[[{"role": "assistant", "content": text}] for text in texts],
            completion_ids=[[0] for _ in texts],
            trainer_state=None,
            **columns,
        )
        results.append({"scores": scores, "breakdown": emotionthinker_reward.last_breakdown})
    else:
        raise SystemExit("unknown engine " + call["engine"])

print(json.dumps(results))
