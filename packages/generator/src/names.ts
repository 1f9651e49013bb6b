/**
 * Company names, CAGE codes and UEIs that look like the ones in a prime's supplier list. All are drawn from the
 * seeded PRNG and kept unique within a portfolio (a folder is the slug of a name, so two suppliers never share one).
 */
import type { Random } from './random.js';

const US_PREFIXES = [
  'Acme',
  'Apex',
  'Blue Ridge',
  'Cascade',
  'Summit',
  'Liberty',
  'Patriot',
  'Keystone',
  'Redstone',
  'Granite',
  'Iron Hill',
  'Pioneer',
  'Eagle',
  'Sterling',
  'Beacon',
  'Harbor',
  'Cedar',
  'Northstar',
  'Tri-County',
  'Lakeshore',
  'Allegheny',
  'Mohawk',
  'Chesapeake',
  'Piedmont',
  'Sierra',
  'Mesa',
  'Frontier',
  'Ozark',
  'Tidewater',
  'Bayou',
  'Cumberland',
  'Shenandoah',
  'Palmetto',
  'Gulf Coast',
  'Great Plains',
  'Copper State',
  'Lone Star',
  'Old Dominion',
  'Magnolia',
  'Evergreen',
  'Hawkins',
  'Delgado',
  'Nakamura',
  "O'Brien",
  'Kowalski',
  'Whitfield',
  'Brennan',
  'Okafor',
  'Lindqvist',
  'Moreno',
  'Castellano',
  'Red River',
  'Silver Creek',
  'Falcon',
  'Vanguard',
  'Meridian',
  'Atlas',
  'Triad',
  'Pinnacle',
  'Bluewater',
] as const;

const US_TRADES = [
  'Precision Machining',
  'Aerospace Components',
  'Defense Systems',
  'Composites',
  'Electronics',
  'Tool & Die',
  'Fabrication',
  'Engineering',
  'Avionics',
  'Optics',
  'Cable & Harness',
  'Castings',
  'Forge',
  'Microwave',
  'Software',
  'Logistics',
  'Coatings',
  'Machine Works',
  'Technologies',
  'Metal Finishing',
  'Gear',
  'Hydraulics',
  'Sensors',
  'Circuit Assembly',
  'Marine Systems',
  'Analytics',
  'Ordnance Services',
  'Test & Measurement',
  'Plastics',
  'Antenna Works',
] as const;

const US_SUFFIXES = ['Inc.', 'LLC', 'Corp.', 'Co.', 'Ltd.', 'Incorporated', 'Group'] as const;

// Names for the semicolon/Windows-1252 layout: every one has a character outside ASCII, most of them in cp1252.
const EU_PREFIXES = [
  'Société Générale',
  'Compagnie Générale',
  'Ateliers Lefèvre',
  'Établissements Marchal',
  'Groupe Thérèse',
  'Müller',
  'Schröder',
  'Böhm & Kühn',
  'Jørgensen',
  'Åkesson',
  'Núñez',
  'Peña',
  'Gonçalves',
  'Hernández',
  'Lefèvre',
  'Straßburger',
  'Dvořák',
  'Ørsted Mekanik',
  'Françoise Duprès',
  'Gießerei Wöhler',
] as const;

const EU_TRADES = [
  'Défense',
  'Aérospatiale',
  'Électronique',
  'Präzisionstechnik',
  'Systèmes',
  'Métallurgie',
  'Sécurité',
  'Fertigungstechnik',
  'Ingeniería',
  'Técnica',
  'Optique',
  'Câblage',
  'Maschinenbau',
  'Usinage',
] as const;

const EU_SUFFIXES = ['', 'SA', 'SAS', 'GmbH', 'S.L.', 'AB', 'SARL', 'AG'] as const;

const US_STATES = [
  'of Ohio',
  'of Texas',
  'of Virginia',
  'of Alabama',
  'of Arizona',
  'of Utah',
  'West',
];

/** Letters and digits of CAGE codes and UEIs: I and O are never used (they read as 1 and 0). */
const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** A folder name from a company name: accents stripped, lower case, words joined by `-`. */
export function slugify(name: string): string {
  return name
    .replace(/ß/g, 'ss')
    .replace(/[Øø]/g, 'o')
    .replace(/[Ææ]/g, 'ae')
    .replace(/[Œœ]/g, 'oe')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Draws unique names, CAGE codes and UEIs for one portfolio. */
export class IdentityPool {
  private readonly slugs = new Set<string>();
  private readonly cages = new Set<string>();
  private readonly ueis = new Set<string>();
  private europeanCount = 0;

  /** A company name whose slug no other supplier has; `european` names carry accents (cp1252). */
  drawName(random: Random, european: boolean): string {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = european ? this.europeanName(random) : usName(random, attempt >= 20);
      if (this.claim(name)) return name;
    }
    for (let n = 2; ; n++) {
      const name = `${european ? this.europeanName(random) : usName(random, true)} ${n}`;
      if (this.claim(name)) return name;
    }
  }

  /** A CAGE code: 5 characters, first and last numeric, as US CAGE codes are. */
  drawCage(random: Random): string {
    for (;;) {
      let code = String(random.int(1, 9));
      for (let i = 0; i < 3; i++) code += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
      code += String(random.int(0, 9));
      if (!this.cages.has(code)) {
        this.cages.add(code);
        return code;
      }
    }
  }

  /** A SAM.gov Unique Entity ID: 12 characters, no I or O, not starting with 0. */
  drawUei(random: Random): string {
    for (;;) {
      const firsts = ALPHANUMERIC.replace('0', '');
      let uei = firsts[random.int(0, firsts.length - 1)] as string;
      for (let i = 0; i < 11; i++) uei += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
      if (!this.ueis.has(uei)) {
        this.ueis.add(uei);
        return uei;
      }
    }
  }

  private claim(name: string): boolean {
    const slug = slugify(name);
    if (slug === '' || this.slugs.has(slug)) return false;
    this.slugs.add(slug);
    return true;
  }

  private europeanName(random: Random): string {
    // The first one is always the name the ingest tests look for.
    if (this.europeanCount++ === 0) return 'Société Générale Défense';
    const suffix = random.pick(EU_SUFFIXES);
    return [random.pick(EU_PREFIXES), random.pick(EU_TRADES), suffix]
      .filter((p) => p !== '')
      .join(' ');
  }
}

function usName(random: Random, withPlace: boolean): string {
  const base = `${random.pick(US_PREFIXES)} ${random.pick(US_TRADES)}`;
  const place = withPlace ? ` ${random.pick(US_STATES)}` : '';
  return `${base}${place} ${random.pick(US_SUFFIXES)}`;
}
