// Hand-written seeds for the prompt vocabulary of bn-motion-small. Build-time input of build-vocabulary.mjs.
//
// A *concept* is a meaning the parser can recognise in a prompt (an action like "walk", a modifier like
// "turn" or "long", a body part like "foot"). Each concept has:
//   seeds:   hand-written words/phrases (weight 1.2)
//   wn:      WordNet senses `lemma.pos.N` (pos n/v/a/r, N = sense number in WordNet 3.1 order);
//            the synset's words get weight 1.0; a trailing `+` adds hyponyms / similar adjectives
//            (weight 0.8), `++` two levels deep (0.7)
//   exclude: expansion words that are wrong for the motion meaning (e.g. `foot` under walk)
// A content label is reached by a *compose* rule: all listed concepts present (+ an optional side).

/** Concepts for motion contents. */
export const CONTENT_CONCEPTS = {
  walk: {
    seeds: ['walk', 'step', 'go on foot', 'on foot', 'take a walk', 'locomote', 'drag foot', 'on patrol', 'make way',
      // Common manners of walking, at seed weight so a manner verb is not outweighed by a stray word.
      'stroll', 'amble', 'saunter', 'stride', 'trudge', 'march', 'strut', 'swagger', 'shuffle', 'limp', 'hobble', 'plod', 'tiptoe', 'waddle', 'stagger', 'totter', 'lumber', 'stomp', 'mosey', 'traipse', 'toddle', 'wander', 'meander'],
    wn: ['walk.v.1+', 'walk.v.10', 'walk.n.1+', 'swagger.v.1', 'pace.v.1', 'patrol.v.1', 'constitutional.n.1', 'parade.v.2'],
    exclude: ['foot', 'toe', 'tap', 'tap down', 'pound', 'process', 'tip', 'stamp', 'pad', 'paddle', 'keel', 'mouse', 'hitch', 'swag', 'spacewalk', 'sleepwalk', 'wade', 'stumble', 'sneak', 'foot it'],
  },
  run: {
    seeds: ['run', 'running', 'leg it', 'run laps', 'do laps'],
    wn: ['run.v.1+'],
    exclude: ['run bases', 'outrun', 'rush', 'hare', 'streak', 'romp', 'scurry', 'jog', 'trot', 'lope', 'clip', 'ramble', 'ramble on'],
  },
  // The moderate gait itself: a jog is a run even when the prompt also says "hurries" or "quick".
  jog: {
    seeds: ['jog', 'jogging', 'trot', 'lope', 'at a jog', 'at a trot', 'light run', 'easy run', 'steady run', 'moderate pace', 'medium pace', 'moderate speed', 'medium speed'],
    wn: ['jog.v.1', 'jog.v.3', 'trot.v.1', 'lope.v.1'],
    exclude: ['clip', 'ride', 'move', 'go', 'trail', 'run', 'drive'],
  },
  dash: {
    seeds: ['dash', 'sprint', 'full speed', 'as fast as possible', 'short burst', 'full tilt', 'flat out', 'all out', 'top speed', 'maximum speed', 'max speed', 'high speed', 'breakneck speed', 'burst of speed', 'great speed'],
    wn: ['dash.v.1', 'rush.v.1+', 'bolt.v.1', 'bolt.v.5', 'hurtle.v.1'],
    exclude: ['flash', 'shoot', 'scud', 'speed', 'step on it', 'barge', 'tear'],
  },
  fast: { seeds: ['fast', 'quickly', 'very fast', 'hurry'], wn: ['fast.r.1'], exclude: [] },
  // Any verb of travel (WordNet travel.v.1 and its troponyms) that names no specific gait: falls back to walk.
  locomotion: {
    seeds: ['move', 'go', 'proceed'],
    wn: ['travel.v.1+', 'edge.v.1'],
    exclude: ['carry', 'swap', 'seek', 'whine', 'fly', 'ride', 'raft', 'cruise', 'float', 'swim', 'drive', 'motor', 'automobile', 'ski',
      'wing', 'steamer', 'steam', 'tram', 'taxi', 'ferry', 'caravan', 'sit', 'rise', 'lift', 'arise', 'move up', 'go up', 'come up', 'uprise',
      'ascend', 'descend', 'fall', 'go down', 'come down', 'derail', 'jump', 'billow', 'circulate', 'propagate', 'transfer', 'change',
      'precess', 'snowshoe', 'island hop', 'plow', 'plough', 'sift', 'bang', 'draw', 'pan', 'play', 'ghost', 'whish', 'do', 'repair',
      'resort', 'spread', 'blow', 'be adrift', 'swing', 'roll', 'slice into', 'slice through', 'lance', 'whistle', 'hiss', 'whoosh', 'angle',
      'pass', 'follow', 'return', 'accompany', 'come', 'precede', 'lead', 'trail', 'shack', 'shuttle', 'flock', 'circuit', 'outflank',
      'go around', 'travel by', 'surpass', 'go past', 'go by', 'swash', 'drag', 'whisk', 'breeze', 'bounce', 'jounce', 'beetle', 'crank',
      'zigzag', 'round', 'push', 'pursue', 'err', 'get around', 'get about', 'pass over', 'overfly', 'betake oneself', 'travel purposefully', 'back', 'move on', 'go on', 'pass on', 'step on', 'march on'],
  },
  backward: {
    seeds: ['backward', 'backwards', 'walk back', 'step back', 'back up', 'go back', 'move back', 'in reverse', 'reverse', 'back away', 'back off', 'backpedal', 'backs', 'backing', 'backed', 'back step', 'backstep', 'rearward'],
    wn: ['backward.r.1', 'retreat.v.1+', 'backpedal.v.2', 'back.v.1'],
    exclude: ['retire', 'recede', 'back', 'support', 'endorse', 'indorse'],
  },
  sideways: {
    seeds: ['sideways', 'sidestep', 'side step', 'step sideways', 'to the side', 'strafe', 'laterally', 'lateral', 'side shuffle', 'crab walk'],
    wn: ['sideways.r.1', 'sideways.r.2'],
    exclude: [],
  },
  turn: {
    seeds: ['turn', 'turning', 'make a turn', 'change direction', 'go around a corner', 'swing round', 'round a corner', 'curve', 'bear left', 'bear right', 'hang left', 'hang right', 'bank left', 'bank right', 'take left', 'take right', 'swing left', 'swing right', 'hook left', 'hook right', 'cut left', 'cut right', 'veer off', 'head off', 'peel off', 'branch off', 'swerve', 'curve left', 'curve right', 'bend left', 'bend right', 'head left', 'head right', 'walk in an arc', 'move in an arc', 'make a left', 'make a right', 'make a turn'],
    wn: ['turn.v.1+', 'veer.v.1', 'turn.v.6', 'turn.n.1', 'wheel.v.1'],
    exclude: ['cut', 'trend', 'sheer', 'slue', 'slew', 'twist', 'flip', 'flip over', 'turn over', 'roll', 'roll over', 'toss', 'port', 'face', 'turn away', 'gee',
      'overturn', 'tip over', 'tump over', 'deflect', 'avert', 'splay', 'spread out', 'rotate', 'circumvolve', 'gyrate', 'spiral', 'coil', 'corkscrew',
      'pronate', 'deviate', 'divert', 'bend', 'caracole', 'turn out', 'turn off'],
  },
  bow: {
    seeds: ['bow', 'bend', 'bow down', 'take a bow', 'bend forward', 'polite bow', 'ojigi', 'curtain call', 'incline head', 'incline upper body', 'lower head', 'lower upper body', 'bend at the waist', 'bend waist', 'dip head', 'dip upper body'],
    wn: ['bow.v.1+', 'bow.v.3+', 'bow.v.4', 'bow.n.6+', 'incline.v.3'],
    exclude: ['submit', 'huddle', 'squinch', 'crouch', 'congee'],
  },
  farewell: {
    seeds: ['goodbye', 'good bye', 'bye', 'say goodbye', 'farewell', 'see you', 'see you later', 'see off', 'send off', 'sendoff', 'bid farewell', 'so long', 'see ya', 'later', 'take care', 'cheerio', 'parting'],
    wn: ['goodbye.n.1', 'farewell.n.1', 'farewell.n.2'],
    exclude: ['good morning', 'good afternoon', 'good night', 'good day', 'bon voyage', 'leave'],
  },
  wave: {
    seeds: ['wave', 'waving', 'wave hello', 'wave the hand', 'greeting wave', 'waggle', 'side to side', 'hail'],
    wn: ['wave.v.1', 'wave.v.2', 'wave.v.3', 'wave.n.5+', 'hello.n.1', 'greet.v.1', 'signal.v.1+'],
    exclude: ['roll', 'undulate', 'recognize', 'recognise', 'beckon', 'brandish', 'heliograph', 'whistle', 'sign'],
  },
  raise: {
    seeds: ['raise', 'raise up', 'put up', 'hands up', 'hand up', 'arms up', 'arm up', 'lift up', 'reach up', 'hold up', 'up high', 'hands in the air', 'arms in the air', 'hand in the air', 'arm in the air', 'overhead', 'throw up', 'throw into the air', 'fling up', 'cheer', 'volunteer', 'ask a question', 'reach for the sky', 'in victory', 'in triumph'],
    wn: ['raise.v.2+', 'lift.v.3'],
    exclude: ['hike', 'hike up', 'prove', 'leaven', 'wind', 'erect', 'boost', 'run up', 'gather up', 'chin up', 'jack up', 'jack', 'shoulder', 'kick up', 'trice', 'pump', 'levitate', 'underlay', 'skid', 'pinnacle', 'chin', 'rear', 'pick up', 'get up', 'bring up'],
  },
  guide: {
    seeds: ['guide', 'show the way', 'lead the way', 'point the way', 'point', 'show someone around', 'this way please', 'follow me', 'usher', 'escort'],
    wn: ['guide.v.2+', 'direct.v.9+', 'escort.v.1', 'escort.v.2', 'usher.v.1'],
    exclude: ['take', 'hand', 'mislead', 'beacon', 'talk down'],
  },
  // Pointing a route out with the arm ("extends her arm toward the hallway", "indicates the direction").
  indicate: {
    seeds: ['indicate', 'extend arm', 'extend hand', 'outstretched arm', 'outstretched hand', 'hold out arm', 'hold out hand', 'stretch out arm', 'sweep arm', 'gesture toward', 'motion toward'],
    wn: ['indicate.v.2', 'indicate.v.3'],
    exclude: ['argue', 'point', 'designate', 'show', 'signal'],
  },
  // A gesture with no named shape: what it means comes from the rest of the prompt (come → call, a way → guide, farewell → bye).
  gesture: { seeds: ['gesture', 'gesticulate', 'motion', 'signal with the hand', 'hand signal', 'hand gesture'], wn: ['gesticulate.v.1'], exclude: [] },
  // Surrender is both hands up.
  surrender: { seeds: ['surrender', 'hands up', 'give up', 'stick em up', 'put em up'], wn: [], exclude: [] },
  // Where a guide points: a way, not a body part.
  way: { seeds: ['way', 'direction', 'path', 'route', 'corridor', 'hallway', 'doorway', 'entrance', 'exit'], wn: [], exclude: [] },
  // The "come here" of a beckon ("signals the squad to come to him", "fingers flapping inward").
  approach: { seeds: ['approach', 'come', 'come here', 'come over', 'come closer', 'come to', 'inward', 'over here', 'draw near'], wn: [], exclude: [] },
  respond: {
    seeds: ['respond', 'response', 'nod', 'answer', 'say yes'],
    wn: ['respond.v.2+', 'respond.v.1+', 'answer.n.1', 'reply.n.1'],
    exclude: ['field', 'sass', 'bridle', 'counter', 'call back', 'treat', 'flip', 'overreact', 'accept', 'stool', 'greet', 'explode', 'refuse', 'wonder', 'resist', 'recognize', 'recognise', 'take'],
  },
  call: {
    seeds: ['call', 'call over', 'call out', 'beckon', 'come here', 'call someone over', 'come closer', 'come over', 'motion over', 'wave over', 'summon', 'gesture come', 'signal come'],
    wn: ['call.v.4', 'call.v.5+', 'beckon.v.3', 'summon.v.2'],
    exclude: ['cry', 'scream', 'squall', 'recall', 'lift', 'muster', 'beep', 'call up', 'call in'],
  },
  strike: { seeds: ['hit', 'strike', 'attack', 'blow', 'smack'], wn: ['strike.v.1'], exclude: [] },
  punch: {
    seeds: ['punch', 'boxing punch', 'throw a punch', 'uppercut', 'jab', 'left hook', 'right hook', 'right cross', 'left cross', 'haymaker', 'one two punch'],
    wn: ['punch.v.1', 'punch.n.1++', 'hit.v.3+'],
    exclude: ['catch', 'counter', 'parry', 'boom', 'blast', 'swig', 'nail', 'stun', 'club', 'bop', 'buff', 'bang', 'pound', 'slog', 'poke', 'kick', 'cut', 'bat', 'brain', 'bean', 'get', 'pop', 'clap', 'swipe', 'crack', 'sandbag', 'smash', 'slam', 'lam into', 'plug', 'lick'],
  },
  fist: { seeds: ['fist', 'knuckles', 'boxer', 'boxing'], wn: ['fist.n.1'], exclude: [] },
  kick: {
    seeds: ['kick', 'kicking', 'kick out', 'roundhouse', 'front kick', 'side kick', 'spin kick'],
    wn: ['kick.v.1+', 'kick.v.2', 'kick.v.3+', 'kick.v.4', 'kick.n.1'],
    exclude: ['scuff', 'place-kick'],
  },
  foot: { seeds: ['foot', 'leg', 'feet', 'shin'], wn: ['leg.n.1', 'foot.n.1'], exclude: ['pes', 'human foot'] },
  slash: {
    seeds: ['slash', 'slice', 'swing a sword', 'sword slash', 'hack', 'cleave'],
    wn: ['slash.v.1', 'cut.v.1+', 'cleave.v.1'],
    exclude: ['drop', 'drill', 'bore', 'tail', 'chase', 'dock', 'break off', 'bob', 'chatter', 'cradle', 'hob', 'rebate', 'trench', 'bevel', 'chamfer', 'knap', 'mortice', 'tomahawk', 'trim', 'shave', 'saw', 'whittle', 'rip', 'manicure', 'scissor', 'plane', 'pink', 'cube', 'julienne', 'fell', 'circumcise', 'furrow', 'indent', 'mortise', 'mow', 'shear', 'tap', 'nick', 'pare', 'chip', 'undercut', 'jag'],
  },
  blade: { seeds: ['sword', 'blade', 'knife', 'axe', 'katana', 'dagger', 'machete', 'scimitar', 'rapier', 'saber', 'sabre', 'longsword', 'greatsword', 'cutlass', 'blade in hand'], wn: ['sword.n.1+', 'knife.n.2'], exclude: [] },
  dance: {
    seeds: ['dance', 'dancing', 'dance routine', 'choreography', 'choreograph', 'choreographed routine', 'tap dance', 'tap routine', 'salsa', 'tango', 'waltz', 'samba', 'rumba', 'cha cha', 'disco', 'ballet', 'hip hop', 'breakdance', 'moonwalk', 'jig', 'hula', 'boogie', 'groove', 'bust a move', 'twirl', 'pirouette', 'move to the music', 'move to the beat'],
    wn: ['dance.v.1+', 'dance.v.2+', 'dance.n.1+', 'dance.n.3++'],
    exclude: ['break', 'grind', 'slam', 'thrash', 'tap', 'duet', 'variation', 'mosh', 'heel', 'bump', 'twist', 'hop', 'phrase', 'shag', 'clog', 'extension', 'ball', 'rave'],
  },
  hands: { seeds: ['hand', 'arm', 'palm', 'hands', 'arms'], wn: [], exclude: [] },
  // Where a hand goes when it is raised ("hand up", "arm held high", "fist to the sky").
  upward: { seeds: ['up', 'high', 'sky', 'skyward', 'aloft', 'overhead', 'upward', 'upwards', 'straight up', 'above head'], wn: [], exclude: [] },
  long: { seeds: ['long', 'for a long time', 'long dance', 'full routine'], wn: ['long.a.1+'], exclude: [] },
  short: { seeds: ['short', 'quick', 'short dance'], wn: ['short.a.1+', 'brief.a.1'], exclude: [] },
};

/**
 * How concepts compose into the dataset's content labels. A wave raises the hand, so a greeting named
 * together with a raise ("her left hand up and swaying in greeting") is the wave (scale 1.5: it beats
 * the direct raise phrases such as "left hand up"). A hand named with a side but no known verb
 * ("flicks her left hand") falls back to the wave of that hand (scale 0.4): wave and raise are the only
 * hand gestures in the data, and a raise needs a raise verb.
 * `side` must match the side named in the
 * prompt; `defaultable` lets the rule apply when the prompt names no side (documented default: right).
 * `scale` weakens a fallback rule. `phrases` are direct label phrases (matched before concepts).
 */
export const CONTENT_RULES = {
  walk: { compose: [{ all: ['walk'] }, { all: ['locomotion'], scale: 0.5 }], phrases: ['walk forward', 'walking straight'] },
  run: { compose: [{ all: ['run'] }, { all: ['jog'], scale: 1.25 }], phrases: ['run forward'] },
  dash: { compose: [{ all: ['dash'] }, { all: ['run', 'fast'] }, { all: ['locomotion', 'fast'] }, { all: ['fast'], scale: 0.5 }], phrases: ['run as fast as possible'] },
  'walk-back': { compose: [{ all: ['walk', 'backward'] }, { all: ['backward'], scale: 0.9 }], phrases: ['walk backwards', 'walk backward'] },
  'walk-left': { compose: [{ all: ['walk'], side: 'left' }, { all: ['sideways'], side: 'left' }, { all: ['locomotion'], side: 'left', scale: 0.5 }], phrases: ['walk to the left', 'step to the left'] },
  'walk-right': { compose: [{ all: ['walk'], side: 'right' }, { all: ['sideways'], side: 'right', defaultable: true }, { all: ['locomotion'], side: 'right', scale: 0.5 }], phrases: ['walk to the right', 'step to the right'] },
  'walk-turn-left': { compose: [{ all: ['walk', 'turn'], side: 'left' }, { all: ['turn'], side: 'left' }], phrases: ['turn left while walking'] },
  'walk-turn-right': { compose: [{ all: ['walk', 'turn'], side: 'right', defaultable: true }, { all: ['turn'], side: 'right', defaultable: true }], phrases: ['turn right while walking'] },
  bow: { compose: [{ all: ['bow'] }], phrases: ['bow politely'] },
  bye: { compose: [{ all: ['farewell'] }, { all: ['wave', 'farewell'] }, { all: ['wave', 'farewell', 'raise'], scale: 1.5 }, { all: ['farewell', 'raise'], scale: 1.5 }, { all: ['farewell', 'gesture'], scale: 1.5 }], phrases: ['say goodbye'] },
  // A goodbye is a wave: one hand is `bye`, two hands (or "bye bye") is the big `byebye`.
  byebye: { compose: [{ all: ['wave', 'farewell'], side: 'both' }, { all: ['farewell'], side: 'both' }, { all: ['wave', 'farewell', 'raise'], side: 'both', scale: 1.5 }, { all: ['farewell', 'raise'], side: 'both', scale: 1.5 }, { all: ['farewell', 'gesture'], side: 'both', scale: 1.5 }], phrases: ['bye bye', 'wave bye bye'] },
  guide: { compose: [{ all: ['guide'] }, { all: ['indicate', 'way'], scale: 1.5 }, { all: ['hands', 'way'], scale: 0.75 }, { all: ['gesture', 'way'] }, { all: ['indicate'], scale: 0.6 }], phrases: ['show the way'] },
  respond: { compose: [{ all: ['respond'] }], phrases: ['respond to someone'] },
  call: { compose: [{ all: ['call'] }, { all: ['wave', 'approach'], scale: 1.5 }, { all: ['gesture', 'approach'], scale: 1.25 }, { all: ['hands', 'approach'] }], phrases: ['call someone over'] },
  punch: { compose: [{ all: ['punch'] }, { all: ['strike', 'fist'] }, { all: ['fist'], scale: 0.5 }, { all: ['strike'], scale: 0.6 }], phrases: ['throw a punch'] },
  kick: { compose: [{ all: ['kick'] }, { all: ['strike', 'foot'] }, { all: ['foot'], scale: 0.5 }], phrases: ['kick with the foot'] },
  slash: { compose: [{ all: ['slash'] }, { all: ['strike', 'blade'] }, { all: ['blade'], scale: 0.75 }], phrases: ['slash with a sword'] },
  'dance-short': { compose: [{ all: ['dance'] }, { all: ['dance', 'short'] }], phrases: ['short dance'] },
  'dance-long': { compose: [{ all: ['dance', 'long'] }], phrases: ['long dance'] },
  'wave-both-hands': { compose: [{ all: ['wave', 'raise'], side: 'both', scale: 1.5 }, { all: ['wave'], side: 'both' }, { all: ['hands'], side: 'both', scale: 0.4 }], phrases: ['wave both hands', 'wave with both hands'] },
  'wave-left-hand': { compose: [{ all: ['wave', 'raise'], side: 'left', scale: 1.5 }, { all: ['wave'], side: 'left' }, { all: ['hands'], side: 'left', scale: 0.4 }], phrases: ['wave with the left hand', 'left handed wave'] },
  'wave-right-hand': { compose: [{ all: ['wave', 'raise'], side: 'right', defaultable: true, scale: 1.5 }, { all: ['wave'], side: 'right', defaultable: true }, { all: ['hands'], side: 'right', scale: 0.4 }], phrases: ['wave with the right hand', 'right handed wave'] },
  'raise-up-both-hands': { compose: [{ all: ['raise'], side: 'both' }, { all: ['surrender'], scale: 1.25 }, { all: ['fist', 'upward'], side: 'both', scale: 1.25 }, { all: ['hands', 'upward'], side: 'both', scale: 0.4 }], phrases: ['raise both hands'] },
  'raise-up-left-hand': { compose: [{ all: ['raise'], side: 'left' }, { all: ['fist', 'upward'], side: 'left', scale: 1.25 }, { all: ['hands', 'upward'], side: 'left', scale: 0.4 }], phrases: ['raise the left hand'] },
  'raise-up-right-hand': { compose: [{ all: ['raise'], side: 'right', defaultable: true }, { all: ['fist', 'upward'], side: 'right', defaultable: true, scale: 1.25 }, { all: ['hands', 'upward'], side: 'right', defaultable: true, scale: 0.4 }], phrases: ['raise the right hand'] },
};

/** Style seeds per raw dataset style label. */
export const STYLE_SEEDS = {
  normal: { seeds: ['normal', 'neutral', 'regular', 'ordinary', 'plain', 'casual', 'normally'], wn: ['normal.a.1'], exclude: [] },
  happy: { seeds: ['happy', 'cheerful', 'joyful', 'glad', 'with joy'], wn: ['happy.a.1+', 'cheerful.a.1+', 'joyful.a.1'], exclude: ['prosperous', 'gay', 'halcyon', 'golden', 'bright', 'blessed'] },
  sad: { seeds: ['sad', 'sorrowful', 'unhappy', 'depressed', 'sadness'], wn: ['sad.a.1+', 'unhappy.a.1+', 'depressed.a.1'], exclude: ['down', 'suffering', 'pensive', 'tragic', 'tragicomic'] },
  angry: { seeds: ['angry', 'mad', 'furious', 'rage', 'anger', 'annoyed'], wn: ['angry.a.1+', 'furious.a.1'], exclude: ['black'] },
  proud: { seeds: ['proud', 'confident', 'dignified', 'arrogant', 'pride', 'haughty'], wn: ['proud.a.1+', 'proud.a.2'], exclude: ['big', 'pleased', 'shabby-genteel', 'house-proud', 'purse-proud'] },
  'not-confident': { seeds: ['not confident', 'unconfident', 'shy', 'timid', 'unsure', 'nervous', 'insecure', 'hesitant'], wn: ['shy.a.1', 'timid.a.1+', 'diffident.a.1'], exclude: [] },
  masculinity: { seeds: ['masculine', 'manly', 'macho', 'masculinity', 'tough guy'], wn: ['masculine.a.2+', 'manly.a.1', 'manly.a.2'], exclude: ['male'] },
  feminine: { seeds: ['feminine', 'ladylike', 'womanly', 'girly', 'graceful lady'], wn: ['feminine.a.1+', 'feminine.a.3+'], exclude: ['fair', 'female'] },
  childish: { seeds: ['childish', 'child', 'kid', 'like a child', 'childlike'], wn: ['child.n.1+', 'childish.a.1', 'childlike.a.1'], exclude: ['monkey', 'silly', 'waif', 'orphan', 'peanut', 'changeling', 'buster', 'imp', 'fry', 'minor', 'shaver'] },
  old: { seeds: ['old', 'elderly', 'aged', 'old man', 'old woman', 'grandpa', 'grandparent', 'senior', 'old age'], wn: ['old.a.1+', 'grandparent.n.1+', 'old person.n.1+', 'elderly.a.1'], exclude: ['gray', 'grey', 'fossil', 'dodo', 'gaga', 'hoar', 'grizzly', 'middle-aged', 'darkened', 'emeritus'] },
  tired: { seeds: ['tired', 'exhausted', 'fatigued', 'sleepy', 'worn out', 'tiredness'], wn: ['tired.a.1+', 'exhausted.a.1'], exclude: ['bored', 'dead', 'gone', 'beat', 'drawn', 'spent', 'worn', 'drained'] },
  active: { seeds: ['active', 'energetic', 'lively', 'sporty', 'dynamic', 'full of energy'], wn: ['energetic.a.1+', 'lively.a.1'], exclude: ['physical', 'driving', 'alert'] },
  musical: { seeds: ['musical', 'rhythmic', 'to music', 'like a musical'], wn: ['musical.a.3', 'rhythmic.a.1'], exclude: [] },
  giant: { seeds: ['giant', 'huge', 'heavy stomping', 'stomp', 'enormous', 'massive', 'lumbering'], wn: ['giant.n.1', 'giant.n.4', 'huge.a.1+'], exclude: ['large', 'whale', 'heavyweight'] },
  chimpira: { seeds: ['chimpira', 'thug', 'punk', 'delinquent', 'swagger', 'hoodlum', 'yakuza', 'street tough'], wn: ['thug.n.1+', 'delinquent.n.1', 'swagger.v.1'], exclude: ['tough'] },
  // Dataset 2's names; merged onto dataset 1's when the manifest lists only those (see ALIASES).
  elderly: { seeds: ['elderly'], wn: [], exclude: [] },
  exhausted: { seeds: ['exhausted'], wn: [], exclude: [] },
  masculine: { seeds: ['masculine'], wn: [], exclude: [] },
  youthful: { seeds: ['youthful', 'young', 'youth'], wn: ['youthful.a.1', 'young.a.1'], exclude: ['early', 'little', 'junior'] },
};

/** Content labels the model engineer may merge (raw label → merged label). */
export const CONTENT_ALIASES = { 'dance-long': 'dance', 'dance-short': 'dance' };

/** Style labels that name the same thing in the two datasets (dataset-2 name → dataset-1 name). */
export const STYLE_ALIASES = { elderly: 'old', exhausted: 'tired', masculine: 'masculinity', youthful: 'childish' };

/** Side words. `both` beats left/right when several are named. */
export const SIDES = {
  left: ['left', 'leftward', 'leftwards', 'to the left', 'left side', 'counterclockwise'],
  right: ['right', 'rightward', 'rightwards', 'to the right', 'right side', 'clockwise'],
  // A plural hand or arm with no side named means both ("raises his hands").
  both: ['both', 'two', 'either', 'hands', 'arms'],
};

/** Words that cancel the next matched action or style. */
export const NEGATIONS = ['not', 'no', 'never', 'without', 'dont', 'doesnt', 'isnt'];

/** Words dropped before matching (also from phrases, so phrases still match). */
export const STOPWORDS = [
  'a', 'an', 'the', 'his', 'her', 'their', 'its', 'my', 'your', 'our', 'he', 'she', 'they', 'it', 'i', 'you', 'we',
  'him', 'them', 'me', 'us', 'someone', 'somebody', 'person', 'man', 'woman', 'guy', 'character', 'people', 'lady',
  'is', 'are', 'be', 'was', 'were', 'with', 'of', 'at', 'in', 'for', 'and', 'to', 'from', 'into', 'while',
  'as', 'then', 'very', 'slowly', 'gently', 'little', 'bit', 'some', 'one', 'this', 'that', 'by', 'who', 'which',
  'along', 'about', 'around', 'across', 'toward', 'towards', 'forward', 'ahead',
  'again', 'also', 'just', 'really', 'too', 'do', 'does', 'doing', 'give', 'gives', 'there',
];

/** Irregular inflections → base form (regular -s/-ing/-ed/-ly are handled by rules). */
export const IRREGULAR = {
  ran: 'run', runs: 'run', went: 'go', goes: 'go', gone: 'go', strode: 'stride', stridden: 'stride', threw: 'throw', thrown: 'throw',
  bent: 'bend', swung: 'swing', struck: 'strike', hit: 'hit', cut: 'cut', led: 'lead', shook: 'shake', stood: 'stand',
  took: 'take', taken: 'take', gave: 'give', given: 'give', rose: 'rise', risen: 'rise', fought: 'fight', said: 'say',
  feet: 'foot', men: 'man', women: 'woman', children: 'child', knelt: 'kneel', fled: 'flee', slid: 'slide',
  leapt: 'leap', sprang: 'spring', sprung: 'spring', dove: 'dive', saw: 'see', seen: 'see', came: 'come',
  put: 'put', held: 'hold', lifted: 'lift', kicked: 'kick', danced: 'dance', waved: 'wave', bowed: 'bow',
  elderly: 'elderly', early: 'early', only: 'only', lively: 'lively', friendly: 'friendly', ugly: 'ugly', jolly: 'jolly',
  manly: 'manly', womanly: 'womanly', backs: 'backs', backing: 'backing', backed: 'backed', kindly: 'kindly', lonely: 'lonely', holy: 'holy', reply: 'reply', fly: 'fly',
};
