"""Relaxation routines, step by step: the one place their words and timings live.

Each routine renders as the same `data-pattern` JSON as a breathing pattern (its
steps are the phases, run once), so one engine and one player time them both."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

LEARN = "/learn/calm-a-twitch-now"
TENSE_SECONDS = 15  # the article's 10 to 20 seconds
RELEASE_SECONDS = 20


@dataclass(frozen=True)
class Step:
    kind: str  # "tense", "release", "do" or "move"
    title: object
    text: object
    seconds: int
    beat: int = 0  # beats a minute for a soft marching beat; 0 is none


@dataclass(frozen=True)
class Routine:
    slug: str
    name: object
    summary: object
    learn_url: str
    steps: tuple[Step, ...]

    @property
    def total_seconds(self) -> int:
        return sum(s.seconds for s in self.steps)

    def to_json(self) -> dict[str, Any]:
        """What the browser's step player needs, with every word already translated."""
        return {
            "key": self.slug,
            "name": str(self.name),
            "phases": [{"kind": s.kind, "seconds": s.seconds, "label": str(s.title),
                        "text": str(s.text), "beat": s.beat} for s in self.steps],
            "cycleSeconds": self.total_seconds,
            "cycles": 1,
        }


_PMR_GROUPS = (
    (_l("Feet"), _l("Curl your toes and tighten your feet.")),
    (_l("Calves"), _l("Point your toes up towards your knees to tighten your calves.")),
    (_l("Thighs"), _l("Press your knees together and tighten your thighs.")),
    (_l("Hips"), _l("Squeeze your buttocks and hips.")),
    (_l("Belly"), _l("Pull your belly in and hold it firm.")),
    (_l("Hands"), _l("Make two fists.")),
    (_l("Arms"), _l("Bend your elbows and tighten your upper arms.")),
    (_l("Shoulders"), _l("Lift your shoulders up towards your ears.")),
    (_l("Neck"), _l("Gently press your head back into the pillow or floor.")),
    (_l("Face"), _l("Scrunch up your face: eyes, nose and forehead.")),
)


def _pmr_steps() -> tuple[Step, ...]:
    steps = [Step("do", _l("Settle"), _l("Lie down somewhere comfortable. Let your arms rest by "
                                          "your sides and breathe slowly."), 20)]
    for area, how in _PMR_GROUPS:
        steps.append(Step("tense", _l("%(area)s: tense", area=area),
                          _l("%(how)s About half your strength. If anything cramps or "
                             "hurts, let go.", how=how), TENSE_SECONDS))
        steps.append(Step("release", _l("%(area)s: let go", area=area),
                          _l("Let go all at once. Notice the softness for a few breaths."),
                          RELEASE_SECONDS))
    steps.append(Step("do", _l("Rest"), _l("Rest for a moment and notice how your whole body "
                                           "feels now."), 20))
    return tuple(steps)


ROUTINES: dict[str, Routine] = {r.slug: r for r in (
    Routine(
        "pmr", _l("Progressive muscle relaxation"),
        _l("Tense and release one muscle group at a time, from your feet up to your face."),
        f"{LEARN}#pmr", _pmr_steps(),
    ),
    Routine(
        "ease-eyelid", _l("Ease an eyelid twitch"),
        _l("Soft closed eyes and a cool cloth for a few minutes."),
        f"{LEARN}#ease-tension",
        (
            Step("do", _l("Get a cloth"), _l("Wet a clean cloth with cool water and wring it "
                                             "out. Sit or lie down."), 30),
            Step("do", _l("Close softly"), _l("Close your eyes softly, without squeezing. Let "
                                              "your forehead and cheeks go smooth."), 30),
            Step("do", _l("Cool cloth"), _l("Rest the cool cloth over your closed eyes. Breathe "
                                            "slowly and let your face be heavy."), 150),
            Step("do", _l("Open slowly"), _l("Take the cloth away and open your eyes slowly. "
                                             "Blink gently a few times."), 20),
        ),
    ),
    Routine(
        "ease-leg", _l("Ease a leg twitch"),
        _l("Stand, walk and stretch your calves and thighs, slowly."),
        f"{LEARN}#ease-tension",
        (
            Step("move", _l("Stand up"), _l("Stand up slowly. Shift your weight from one foot "
                                            "to the other."), 15),
            Step("move", _l("Walk"), _l("Walk around at an easy pace. Let your arms swing."), 60),
            Step("do", _l("Left calf"), _l("Hands on a wall, left foot back, heel down. Lean in "
                                           "until you feel a gentle stretch."), 30),
            Step("do", _l("Right calf"), _l("Now the right foot back, heel down. Lean in gently. "
                                            "Nothing should hurt."), 30),
            Step("do", _l("Left thigh"), _l("Hold something steady. Bend your left knee and hold "
                                            "your ankle behind you, knees together."), 30),
            Step("do", _l("Right thigh"), _l("Now the right leg. Keep it gentle and keep "
                                             "breathing."), 30),
            Step("move", _l("Shake out"), _l("Shake your legs out loosely, one and then the "
                                             "other."), 15),
        ),
    ),
    Routine(
        "ease-hand", _l("Ease a hand or forearm twitch"),
        _l("Open and close your fist, roll your wrists, shake out your arms."),
        f"{LEARN}#ease-tension",
        (
            Step("move", _l("Open and close"), _l("Slowly open your hand wide, then close it "
                                                  "into a soft fist. Smooth and easy."), 30),
            Step("move", _l("Roll your wrists"), _l("Roll your wrists in slow circles."), 20),
            Step("move", _l("The other way"), _l("Now roll them the other way."), 20),
            Step("move", _l("Shake out"), _l("Let your arms hang and shake them out "
                                             "loosely."), 20),
            Step("do", _l("Rest"), _l("Rest your hands on your legs, palms up. Let your fingers "
                                      "curl naturally."), 30),
        ),
    ),
    Routine(
        "grounding", _l("Grounding"),
        _l("Give your attention somewhere kinder to rest than the twitch."),
        f"{LEARN}#grounding",
        (
            Step("do", _l("Settle"), _l("Sit or stand comfortably. You do not need to make the "
                                        "twitch stop."), 15),
            Step("do", _l("Three sounds"), _l("Listen, and name three sounds you can hear right "
                                              "now: near ones, far ones, quiet ones."), 45),
            Step("do", _l("Your feet"), _l("Feel your feet on the floor. Notice their weight, "
                                           "the temperature, the texture under them."), 45),
            Step("do", _l("A small task"), _l("Do a short, simple task with your hands: fold a "
                                              "piece of clothing or tidy a drawer."), 90),
            Step("do", _l("Notice"), _l("Notice how you feel now. Whatever you feel is "
                                        "fine."), 20),
        ),
    ),
    Routine(
        "side-to-side", _l("Side-to-side marching"),
        _l("March on the spot to a soft, steady beat."),
        f"{LEARN}#side-to-side",
        (
            Step("do", _l("Get ready"), _l("Stand with a little room around you. Hold on to a "
                                           "chair if you like."), 10),
            Step("move", _l("March on the spot"), _l("Lift one knee, then the other, in time "
                                                     "with the beat."), 60, beat=80),
            Step("move", _l("Add your arms"), _l("Swing the opposite arm with each step: left, "
                                                 "right, left."), 60, beat=80),
            Step("move", _l("Slow down"), _l("Slow your steps with the beat. Keep it smooth "
                                             "and easy."), 45, beat=60),
            Step("do", _l("Stand still"), _l("Stand still. Feel your feet on the floor and "
                                             "notice your breathing."), 20),
        ),
    ),
)}
