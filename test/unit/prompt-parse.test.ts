import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MmcpError } from '../../src/protocol/errors.js';
import { baseCandidates, parsePrompt, splitPromptSequence, type Vocabulary } from '../../src/local/prompt/index.js';

const vocabulary = JSON.parse(readFileSync('models/bn-motion-small/vocabulary.json', 'utf8')) as Vocabulary;
// The model's own label lists when its manifest exists (the vocabulary is built from them).
const labels = { contents: Object.keys(vocabulary.contents), styles: Object.keys(vocabulary.styles) };
const top = (prompt: string): string => parsePrompt(prompt, vocabulary, labels).content.map((c) => c.label).join('+');
const topStyle = (prompt: string): string => parsePrompt(prompt, vocabulary, labels).style[0]?.label ?? '';
const style = (raw: string): string => (labels.styles.includes(raw) ? raw : vocabulary.label_aliases?.styles[raw] ?? raw);

describe('parsePrompt: the issue examples', () => {
  it('"an old man waves with his right hand" → wave-right-hand + old', () => {
    const r = parsePrompt('an old man waves with his right hand', vocabulary, labels);
    expect(r.content).toEqual([{ label: 'wave-right-hand', weight: 1 }]);
    expect(r.style[0]?.label).toBe(style('old'));
    expect(r.matched.side).toBe('right');
    expect(r.matched.sideAssumed).toBe(false);
  });
  it('"someone strolls tiredly" → walk + tired', () => {
    expect(top('someone strolls tiredly')).toBe('walk');
    expect(topStyle('someone strolls tiredly')).toBe(style('tired'));
  });
  it('"angry punch" → punch + angry', () => {
    expect(top('angry punch')).toBe('punch');
    expect(topStyle('angry punch')).toBe('angry');
  });
});

describe('parsePrompt: sides, defaults, morphology, negation', () => {
  it('left/right/both pick the matching variant', () => {
    expect(top('waves with the left hand')).toBe('wave-left-hand');
    expect(top('waving both hands')).toBe('wave-both-hands');
    expect(top('raises her left arm')).toBe('raise-up-left-hand');
    expect(top('raise both hands')).toBe('raise-up-both-hands');
    expect(top('turns left while walking')).toBe('walk-turn-left');
    expect(top('walking, turning right')).toBe('walk-turn-right');
    expect(top('walks to the left')).toBe('walk-left');
    expect(top('steps sideways to the right')).toBe('walk-right');
  });
  it('one-sided gestures default to the right side, and say so', () => {
    const r = parsePrompt('she waves', vocabulary, labels);
    expect(r.content[0]?.label).toBe('wave-right-hand');
    expect(r.matched).toMatchObject({ side: 'right', sideAssumed: true });
    expect(top('raise a hand')).toBe('raise-up-right-hand');
  });
  it('no style → normal', () => {
    expect(parsePrompt('a man walks', vocabulary, labels).style).toEqual([{ label: 'normal', weight: 1 }]);
  });
  it('style adverbs and several styles share the weight', () => {
    expect(topStyle('walks happily')).toBe('happy');
    expect(topStyle('walks angrily')).toBe('angry');
    expect(topStyle('walks proudly')).toBe('proud');
    expect(topStyle('walks shyly')).toBe('not-confident');
    const r = parsePrompt('a sad, tired woman walks', vocabulary, labels);
    expect(r.style.map((s) => s.label).sort()).toEqual(['sad', style('tired')].sort());
    expect(r.style.reduce((a, s) => a + s.weight, 0)).toBeCloseTo(1);
  });
  it('inflections reduce to the vocabulary base form', () => {
    for (const p of ['walks', 'walking', 'walked']) expect(top(p)).toBe('walk');
    expect(top('she kicked the ball')).toBe('kick');
    expect(top('he ran')).toBe('run');
    expect(baseCandidates('tiredly')).toContain('tired');
    expect(baseCandidates('jogging')).toContain('jog');
  });
  it('a one-handed farewell is bye, a two-handed one (or bye-bye) is byebye, as in the data', () => {
    expect(top('waves goodbye')).toBe('bye');
    expect(top('says goodbye')).toBe('bye');
    expect(top('bye-bye!')).toBe('byebye');
    expect(top('waves goodbye with both hands')).toBe('byebye');
  });
  it('a negated action does not count', () => {
    expect(top('do not run, walk')).toBe('walk');
    expect(() => parsePrompt("don't kick", vocabulary, labels)).toThrow(MmcpError);
  });
  it('the label names themselves are understood', () => {
    for (const label of labels.contents) expect(top(label), label).toBe(label);
  });
});

describe('parsePrompt: structural rules (what a word means depends on its neighbours)', () => {
  it('the hand that holds something is not the hand that gestures', () => {
    expect(top('rod in his right, he greets us with his left hand swaying')).toBe('wave-left-hand');
    expect(top('holding a basket in her left hand, she waves with her right')).toBe('wave-right-hand');
    // Without the holding phrase the first named side still wins.
    expect(top('she waves with her left hand')).toBe('wave-left-hand');
  });
  it('an agent noun names the person, not the action ("the runner hurtles")', () => {
    expect(top('the runner hurtles down the straight')).toBe('dash');
    expect(top('the dancer dances')).toBe('dance');
    expect(top('a dancer')).toBe('dance');
  });
  it('an inflected form that the vocabulary knows only in a phrase or as a style still evokes its action', () => {
    expect(top('cheerleader shakes both hands high in greeting')).toBe('wave-both-hands');
    expect(top('a thug swaggering down the alley')).toBe('walk');
    // ...at half weight, so a manner adjective does not beat the real action.
    expect(top('a swaggering street punk socks the kid in the jaw')).toBe('punch');
  });
  it('a named side does not lift a fallback over a real action', () => {
    expect(top('saunters ahead through the market, arms swinging loosely')).toBe('walk');
    expect(top('flicks her left hand')).toBe('wave-left-hand');
  });
  it('a jog is a run even when hurried; speed words alone are not a sprint', () => {
    expect(top('the messenger hurries along at a jog')).toBe('run');
    expect(top('moves ahead on foot, normal speed, no hurry')).toBe('walk');
    expect(top('tears across the playground at maximum speed')).toBe('dash');
  });
  it('a farewell beats the raise and the wave it is made of; both hands make it byebye', () => {
    expect(top('raises one hand and waves farewell')).toBe('bye');
    expect(top('sees off the ship, both arms swinging overhead')).toBe('byebye');
    expect(top('a big two-handed goodbye gesture')).toBe('byebye');
  });
  it('a gesture means what its neighbours say: come → call, a way → guide', () => {
    expect(top('signals the squad to come to him with a hand motion')).toBe('call');
    expect(top('motions for them to come closer')).toBe('call');
    expect(top('indicates the direction with a polite arm gesture')).toBe('guide');
    expect(top('extends her arm toward the hallway')).toBe('guide');
  });
  it('turn idioms turn; lateral words sidestep; a bare "back" is not backwards', () => {
    expect(top('stroll forward and hook right around the pillar')).toBe('walk-turn-right');
    expect(top('struts forward and cuts right down the alley')).toBe('walk-turn-right');
    expect(top('move laterally to the left, crossing your feet')).toBe('walk-left');
    expect(top('an old man shuffles ahead with a stooped back')).toBe('walk');
    expect(top('he backs toward the wall')).toBe('walk-back');
  });
  it('a fist thrust skyward is a raise, not a punch', () => {
    expect(top('the fan thrusts her right fist high to cheer')).toBe('raise-up-right-hand');
    expect(top('a furious boxer pummels the air')).toBe('punch');
  });
});

describe('parsePrompt: every content and style label is reachable from plain English', () => {
  const contentPrompts: Record<string, string> = {
    walk: 'a person walks forward', run: 'someone jogging', dash: 'sprint as fast as possible', 'walk-back': 'walk backwards',
    'walk-left': 'walk to the left', 'walk-right': 'walk to the right', 'walk-turn-left': 'turn left while walking',
    'walk-turn-right': 'turn right while walking', bow: 'take a polite bow', bye: 'say goodbye', byebye: 'wave bye-bye',
    guide: 'show the way', respond: 'nod in reply', call: 'call someone over', punch: 'throw a punch', kick: 'kick the ball',
    slash: 'slash with a sword', dance: 'dance', 'dance-short': 'a short dance', 'dance-long': 'a long dance',
    'wave-both-hands': 'wave both hands', 'wave-left-hand': 'wave with the left hand', 'wave-right-hand': 'wave with the right hand',
    'raise-up-both-hands': 'raise both hands', 'raise-up-left-hand': 'raise the left hand', 'raise-up-right-hand': 'raise the right hand',
  };
  const stylePrompts: Record<string, string> = {
    normal: 'walk normally', happy: 'a cheerful walk', sad: 'a sorrowful walk', angry: 'a furious walk', proud: 'a dignified walk',
    'not-confident': 'a timid walk', masculinity: 'a manly walk', masculine: 'a macho walk', feminine: 'a ladylike walk',
    childish: 'a kid walking', youthful: 'a youngster walking', old: 'a grandpa walking', elderly: 'an elderly walk',
    tired: 'an exhausted walk', exhausted: 'a fatigued walk', active: 'an energetic walk', musical: 'a rhythmic walk',
    giant: 'a giant walking', chimpira: 'a thug walking',
  };
  for (const label of labels.contents) {
    it(`content ${label}`, () => {
      const p = contentPrompts[label];
      expect(p, `no test prompt for ${label}`).toBeDefined();
      expect(top(p as string)).toBe(label);
    });
  }
  for (const label of labels.styles) {
    it(`style ${label}`, () => {
      const p = stylePrompts[label];
      expect(p, `no test prompt for ${label}`).toBeDefined();
      expect(topStyle(p as string)).toBe(label);
    });
  }
});

describe('parsePrompt: refusal', () => {
  it('throws invalid_request with what the model understands', () => {
    let err: unknown;
    try {
      parsePrompt('the teapot contemplates quantum chromodynamics', vocabulary, labels);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MmcpError);
    const e = err as MmcpError;
    expect(e.code).toBe('invalid_request');
    expect(e.phase).toBe('validate');
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('No action understood in "the teapot contemplates quantum chromodynamics"');
    expect(e.message).toContain('This model knows: walk, run');
    expect(e.message).toContain('styles: normal');
    expect(e.details.understood_contents).toEqual(labels.contents);
    expect(e.details.understood_styles).toEqual(labels.styles);
    expect(e.details.prompt_tokens_unmatched).toEqual(['teapot', 'contemplates', 'quantum', 'chromodynamics']);
  });
  it('a style alone is not an action', () => {
    expect(() => parsePrompt('a very angry old man', vocabulary, labels)).toThrow(/No action understood/);
  });
  it('empty prompt is refused too', () => {
    expect(() => parsePrompt('   ', vocabulary, labels)).toThrow(MmcpError);
  });
  it('a vocabulary with no sections still understands the label names', () => {
    const bare = { format: 'babylon-mmcp-vocabulary/1', version: '0' } as unknown as Vocabulary;
    expect(parsePrompt('walk-turn-left', bare, labels).content[0]?.label).toBe('walk-turn-left');
    expect(() => parsePrompt('stroll', bare, labels)).toThrow(MmcpError);
  });
  it('labels the model lacks are never returned', () => {
    const few = { contents: ['walk', 'run'], styles: ['normal', 'sad'] };
    expect(parsePrompt('a sad walk', vocabulary, few).content[0]?.label).toBe('walk');
    expect(() => parsePrompt('kick', vocabulary, few)).toThrow(/This model knows: walk, run; styles: normal, sad/);
  });
});

describe('splitPromptSequence', () => {
  it('splits on then / and then / ; / after that / followed by', () => {
    expect(splitPromptSequence('walk, then bow')).toEqual(['walk', 'bow']);
    expect(splitPromptSequence('run and then kick; dance')).toEqual(['run', 'kick', 'dance']);
    expect(splitPromptSequence('wave. After that bow, followed by a punch')).toEqual(['wave', 'bow', 'a punch']);
    expect(splitPromptSequence('walk then run')).toEqual(['walk', 'run']);
  });
  it('keeps commas and "and" inside one motion', () => {
    expect(splitPromptSequence('an old, tired man walks and waves')).toEqual(['an old, tired man walks and waves']);
    expect(splitPromptSequence('')).toEqual([]);
  });
});
